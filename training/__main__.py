"""``python -m training``: fit the confidence calibration and write it into the package."""

from training.calibrate import main

raise SystemExit(main())
