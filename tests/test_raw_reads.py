"""Reading the raw folder cannot be redirected outside it, and file-system trouble with
one entry is a reject for that entry (issue 12, findings 3, 4 and 7)."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from badinput import SWAPPER, reads_during_swap

from pipeline.ingest.sources import MAX_DEPTH, Limits, ingest_path, scan_raw_folder

LIMITS = Limits()
INSIDE = "Tech Park signed a memorandum with IT Park Armenia. INSIDEMARK the raw folder copy.\n"
OUTSIDE = "Tech Park signed a memorandum with Secret Park. OUTSIDEMARK a file outside the raw folder.\n"




@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="rename exchange is Linux-only")
@pytest.mark.slow
def test_folder_swapped_for_a_link_never_reads_outside(tmp_path: Path):
    """4,000 reads while the folder is swapped (17% read the outside file before
    open-then-verify reading); scripts/raw_swap_trial.py does the issue's 20,000
    (0 of 20,000 from outside, measured on 2 cores)."""
    raw, outside = tmp_path / "raw", tmp_path / "outside"
    (raw / "sub").mkdir(parents=True)
    (outside / "sub").mkdir(parents=True)
    (raw / "sub" / "a.txt").write_text(INSIDE, encoding="utf-8")
    (outside / "sub" / "a.txt").write_text(OUTSIDE, encoding="utf-8")
    os.symlink(outside / "sub", raw / "alt")
    swapper = subprocess.Popen([sys.executable, "-c", SWAPPER, str(raw / "sub"), str(raw / "alt")],
                               stdout=subprocess.PIPE, text=True)
    try:
        assert swapper.stdout.readline().strip() == "ready"
        inside, leaked, reasons = reads_during_swap(raw, "sub/a.txt", 4_000, LIMITS)
    finally:
        swapper.kill()
        swapper.wait()
    assert leaked == 0, (leaked, inside, reasons)
    assert inside > 0, reasons  # the swap did not block every read
    assert set(reasons) <= {"symlink_outside_raw", "vanished", "changing"}, reasons


def test_link_inside_still_read_and_link_out_refused(tmp_path: Path):
    raw = tmp_path / "raw"
    (raw / "real").mkdir(parents=True)
    (raw / "real" / "a.txt").write_text(INSIDE, encoding="utf-8")
    os.symlink(raw / "real", raw / "alias")
    (tmp_path / "o.txt").write_text(OUTSIDE, encoding="utf-8")
    os.symlink(tmp_path / "o.txt", raw / "out.txt")
    arts, rej = ingest_path(raw, "alias/a.txt", LIMITS)
    assert [a.source_path for a in arts] == ["alias/a.txt"] and not rej
    arts, rej = ingest_path(raw, "out.txt", LIMITS)
    assert not arts and [r.reason for r in rej] == ["symlink_outside_raw"]


def test_folder_deeper_than_the_path_limit(tmp_path: Path):
    """Nested past PATH_MAX (4096 bytes): the files within MAX_DEPTH are read, the
    rest is one `too_deep` reject; nothing raises (it failed ingest with ENAMETOOLONG)."""
    raw = tmp_path / "raw"
    raw.mkdir()
    name = "d" * 200
    fd = os.open(raw, os.O_RDONLY)
    depth = 0
    try:
        while depth < MAX_DEPTH + 3:  # ~ 13,000 bytes of path
            os.mkdir(name, dir_fd=fd)
            nxt = os.open(name, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = nxt
            depth += 1
            if depth in (30, MAX_DEPTH + 2):
                f = os.open("a.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
                os.write(f, INSIDE.encode())
                os.close(f)
    finally:
        os.close(fd)
    errors: list = []
    listed = scan_raw_folder(raw, errors=errors)
    assert len(listed) == 1 and len(listed[0]) > 4096
    assert [r.reason for r in errors] == ["too_deep"]
    arts, rej = ingest_path(raw, listed[0], LIMITS)
    assert len(arts) == 1 and not rej


def test_unlistable_folder_is_a_reject(tmp_path: Path):
    if os.geteuid() == 0:
        pytest.skip("root can list any folder")
    raw = tmp_path / "raw"
    (raw / "locked").mkdir(parents=True)
    (raw / "ok.txt").write_text(INSIDE, encoding="utf-8")
    os.chmod(raw / "locked", 0)
    try:
        errors: list = []
        assert scan_raw_folder(raw, errors=errors) == ["ok.txt"]
        assert [(r.source_path, r.reason) for r in errors] == [("locked/", "unreadable")]
    finally:
        os.chmod(raw / "locked", 0o755)


@pytest.mark.slow
def test_file_growing_while_read_is_changing(tmp_path: Path):
    raw = tmp_path / "raw"
    raw.mkdir()
    path = raw / "growing.txt"
    path.write_text(INSIDE, encoding="utf-8")
    writer = subprocess.Popen([sys.executable, "-c", (
        "import sys, time\n"
        "f = open(sys.argv[1], 'a')\n"
        "print('ready', flush=True)\n"
        "while True:\n"
        "    f.write('more words are still being written to this article ' * 20 + '\\n'); f.flush(); time.sleep(0.0005)\n"
    ), str(path)], stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline().strip() == "ready"
        seen = set()
        deadline = time.monotonic() + 20
        while "changing" not in seen and time.monotonic() < deadline:
            arts, rej = ingest_path(raw, "growing.txt", Limits(max_file_bytes=10**9, max_article_chars=10**9))
            seen.update(r.reason for r in rej)
    finally:
        writer.kill()
        writer.wait()
    assert "changing" in seen


@pytest.mark.slow
def test_file_being_written_is_left_for_the_next_run(tmp_path: Path):
    from pipeline.ingest.raw_folder import _still_changing

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "done.txt").write_text(INSIDE, encoding="utf-8")
    (raw / "busy.txt").write_text(INSIDE, encoding="utf-8")
    writer = subprocess.Popen([sys.executable, "-c", (
        "import sys, time\n"
        "f = open(sys.argv[1], 'a')\n"
        "print('ready', flush=True)\n"
        "while True:\n"
        "    f.write('another sentence of the article being written. '); f.flush(); time.sleep(0.05)\n"
    ), str(raw / "busy.txt")], stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline().strip() == "ready"
        t0 = time.monotonic()
        assert _still_changing(raw, ["busy.txt", "done.txt"]) == {"busy.txt"}
        assert time.monotonic() - t0 < 3
    finally:
        writer.kill()
        writer.wait()


@pytest.mark.slow
def test_huge_page_is_rejected_before_parsing():
    """A page with far more text than the article limit is `too_large` without the
    costly HTML cleaning (a 19 MB page took 23 s and 778 MB)."""
    from pipeline.ingest.sources import ingest_bytes

    page = ("<html><body>" + "<p>Tech Park signed a memorandum with IT Park Armenia in Yerevan.</p>\n" * 60_000
            + "</body></html>").encode()
    t0 = time.monotonic()
    arts, rej = ingest_bytes("big.html", page, Limits(max_article_chars=200_000))
    assert not arts and [r.reason for r in rej] == ["too_large"] and "far over" in rej[0].message
    assert time.monotonic() - t0 < 5
    # scripts and styles do not count as text
    script_page = ("<html><head><script>" + "var x = 1;" * 100_000 + "</script></head><body><p>Tech Park signed a "
                   "memorandum of understanding with IT Park Armenia in Yerevan on 3 May 2024.</p></body></html>")
    arts, rej = ingest_bytes("script.html", script_page.encode(), Limits(max_article_chars=200_000))
    assert [r.reason for r in rej] != ["too_large"]


def test_socket_is_not_a_file(tmp_path: Path):
    import socket

    raw = tmp_path / "raw"
    raw.mkdir()
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(raw / "sock.txt"))
        arts, rej = ingest_path(raw, "sock.txt", LIMITS)
    finally:
        sock.close()
    assert not arts and [r.reason for r in rej] == ["not_a_file"]
