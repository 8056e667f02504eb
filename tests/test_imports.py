"""The import contract: the pure stages import no I/O wing, and nothing imports in a circle.

The contracts live in ``pyproject.toml`` (``[tool.importlinter]``) and are
checked here with import-linter, so CI runs them with the rest of the suite.
import-linter's ``acyclic_siblings`` sees cycles between the modules of a
package; a package importing back from its own ``__init__`` is checked below.
"""

from __future__ import annotations

import ast
from pathlib import Path

import grimp
from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parents[1]


def test_the_contracts_in_pyproject_hold(capsys) -> None:
    status = lint_imports(str(ROOT / "pyproject.toml"), no_cache=True, no_logo=True)
    report = capsys.readouterr().out
    assert status == 0, report
    assert "0 broken" in report and "kept" in report


def test_no_module_imports_itself_through_others() -> None:
    graph = grimp.build_graph("intake", cache_dir=None)
    cycles = []
    for importer in sorted(graph.modules):
        for imported in sorted(graph.find_modules_directly_imported_by(importer)):
            back = graph.find_shortest_chain(importer=imported, imported=importer)
            if back:
                cycles.append(" -> ".join((importer, *back)))
    assert cycles == []


def test_no_test_module_imports_another() -> None:
    """Shared helpers live in ``tests/support``; a test module is never imported."""
    offenders = []
    for path in sorted((ROOT / "tests").rglob("test_*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""] if node.level == 0 else ["." * node.level]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            bad = [
                n for n in names if n.startswith(".") or n.rsplit(".", 1)[-1].startswith("test_")
            ]
            offenders += [f"{path.relative_to(ROOT)}:{node.lineno} {n}" for n in bad]
    assert offenders == []
