"""The run-time wing: the poll cycle and what keeps it running unattended.

``poll`` (one cycle: fetch, record, send, mark), ``analysis`` (the pure
stages of a batch, in worker processes on a big run), ``watch`` (IMAP IDLE),
``scheduler`` (the interval, the digest, the deadline), ``lock`` (one poll at a
time) and ``alerts`` (mail the coordinator when a login starts failing).
Nothing outside the CLI and the demo imports from here.
"""
