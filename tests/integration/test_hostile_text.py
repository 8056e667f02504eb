"""What the coordinator opens cannot hurt them: mail read by a real poll, then opened.

Formula cells are neutralised in every CSV, control characters never reach a file
or a terminal, Rich markup in a name is printed as written, a huge display name
stays out of the digest, and what holds signers' addresses is readable by its owner only.
"""

from __future__ import annotations

import csv
import email
import email.policy
import io
import os
import stat
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from support.campaign import JUNE, PASSWORD_ENV, campaign_data, letter, toml

pytestmark = pytest.mark.integration

SIGN = "Please add my name to the letter.\n\nName: {name}\nTitle: {title}\nOrganization: {org}\n"
FORMULAS = [
    ('=HYPERLINK("http://evil.example/","Click")', "Pastor", "First Church"),
    ("+cmd|' /C calc'!A0", "Elder", "-2+3+cmd|' /C calc'!A0"),
    ("@SUM(1+1)*cmd|' /C calc'!A0", "\tDeacon", "=1+1"),
    ("Ruth Formula", "-2+3+cmd|x", "@Church"),
]
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
CONTROLS = ("\x1b", "\x07", "\x00", "\x9b")


class Campaign:
    """A campaign folder on this test's servers, driven through the intake command."""

    def __init__(self, user: Any, sink: Any, folder: Path) -> None:
        self.user, self.sink, self.folder = user, sink, folder
        self.config = folder / "intake.toml"
        self.config.write_text(toml(campaign_data(user, sink)))

    def __call__(self, *args: str, ok: bool = True) -> subprocess.CompletedProcess[bytes]:
        done = subprocess.run(
            [sys.executable, "-m", "intake", "-c", str(self.config), *args],
            capture_output=True,
            env={**os.environ, PASSWORD_ENV: self.user.password, "COLUMNS": "200"},
            timeout=120,
            check=False,
        )
        if ok:
            assert done.returncode == 0, (done.stdout + done.stderr).decode(errors="replace")
        return done

    def sign(self, n: int, name: str, title: str = "Pastor", org: str = "Hope Church") -> None:
        body = SIGN.format(name=name, title=title, org=org)
        raw = letter(f"Signer <s{n}@example.org>", body, message_id=f"<h{n}@example.org>")
        self.user.append("INBOX", raw, JUNE)


@pytest.fixture
def campaign(imap_user: Any, smtp_sink: Any, tmp_path: Path) -> Campaign:
    return Campaign(imap_user, smtp_sink, tmp_path)


def cells(data: bytes) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))) for cell in row]


def test_formula_cells_are_neutralised_in_the_export_and_the_digest_csv(
    campaign: Campaign,
) -> None:
    for n, (name, title, org) in enumerate(FORMULAS):
        campaign.sign(n, name, title, org)
    campaign("poll")
    exported = campaign("export", "--format", "csv").stdout
    attached = b""
    campaign("digest", "--send")
    for received in campaign.sink.messages:
        mail = email.message_from_bytes(received.data, policy=email.policy.default)
        for part in mail.iter_attachments():  # type: ignore[attr-defined]
            if part.get_filename().endswith(".csv"):
                attached = part.get_content().encode() if isinstance(
                    part.get_content(), str) else part.get_content()  # fmt: skip
    assert attached, "the digest carried its CSV"
    for data in (exported, attached):
        written = cells(data)
        assert any("HYPERLINK" in c for c in written) and any("SUM(1+1)" in c for c in written)
        assert [c for c in written if c.startswith(DANGEROUS)] == []
        assert all(c.startswith("'") for c in written if c.lstrip("'").startswith(DANGEROUS))


def test_control_characters_reach_no_file_and_no_terminal(campaign: Campaign) -> None:
    campaign.sign(1, "Jane \x1b[31mRed\x07 Smith", org="Hope\x1b]0;owned\x07 Church")
    campaign("poll")
    target = campaign.folder / "list.docx"
    campaign("export", "--format", "docx", "--output", str(target))
    with zipfile.ZipFile(target) as document:
        xml = document.read("word/document.xml").decode()
    assert "Jane" in xml and "Smith" in xml
    shown = [
        campaign("signers").stdout,
        campaign("review").stdout,
        campaign("digest", "--preview").stdout,
        campaign("export", "--format", "markdown").stdout,
    ]
    review_ids = [line.split()[1] for line in shown[1].decode().splitlines() if "│" in line]
    for item in (i for i in review_ids if i.isdigit()):
        shown.append(campaign("review", "show", item).stdout)
    for output in shown:
        text = output.decode("utf-8", errors="replace")
        assert not [c for c in CONTROLS if c in text], text


def test_rich_markup_in_a_name_is_printed_as_written(campaign: Campaign) -> None:
    campaign.sign(1, "Jane [/] Smith", org="Church [bold red]of[/] Hope")
    campaign.sign(2, "Bo [link=http://evil.example]x[/link] Li", org="Fellowship :smile: Circle")
    campaign("poll")
    listed = campaign("signers").stdout.decode()
    assert "Jane [/] Smith" in listed and "Church [bold red]of[/] Hope" in listed
    assert "Fellowship :smile: Circle" in listed and "[link=http://evil.example]" in listed
    items = campaign("review", ok=False)
    assert items.returncode == 0
    for line in items.stdout.decode().splitlines():
        parts = line.replace("│", " ").split()
        if parts and parts[0].isdigit():
            shown = campaign("review", "show", parts[0])
            assert shown.returncode == 0


def test_a_huge_display_name_stays_out_of_the_digest(campaign: Campaign) -> None:
    huge = "A" * 800_000
    raw = letter(f'"{huge}" <huge@example.org>', "Please add my name to the letter.\n")
    campaign.user.append("INBOX", raw, JUNE)
    campaign.sign(2, "Ruth Normal")
    campaign("poll")
    preview = campaign("digest", "--preview").stdout
    assert len(preview) < 20_000
    campaign("digest", "--send")
    assert campaign.sink.messages and max(len(m.data) for m in campaign.sink.messages) < 100_000


def test_database_exports_and_backups_are_private(campaign: Campaign) -> None:
    campaign.sign(1, "Ruth Private")
    campaign("poll")
    made = [campaign.folder / "intake.sqlite"]
    for fmt in ("csv", "json", "markdown", "html", "docx"):
        target = campaign.folder / f"list.{fmt}"
        campaign("export", "--format", fmt, "--output", str(target))
        made.append(target)
    campaign("backup", str(campaign.folder / "copy.sqlite"))
    campaign("digest", "--preview", "--html", str(campaign.folder / "digest.html"))
    made += [campaign.folder / "copy.sqlite", campaign.folder / "digest.html"]
    made += [p for p in campaign.folder.glob("intake.sqlite-*") if p.exists()]  # -wal, -shm
    modes = {p.name: oct(stat.S_IMODE(p.stat().st_mode)) for p in made}
    assert modes == {p.name: "0o600" for p in made}
