"""The build's helper process (ledger/background.py): where it runs jobs, and what happens without it."""
import os
import signal
import time

import pytest

from ledger import background


def pid_of_runner():
    return os.getpid()


def fails():
    raise ValueError("坏了")


def dies():
    os.kill(os.getpid(), signal.SIGKILL)  # as the kernel does to a process out of memory


def sleeps():
    time.sleep(30)


@pytest.fixture()
def helper():
    made = background.Helper({})
    yield made
    made.close()


def test_with_two_cores_a_job_runs_in_another_process_and_with_one_here(helper):
    runner = helper.submit(pid_of_runner).get(timeout=30)
    if background.cores() >= 2:
        assert helper.enabled and runner != os.getpid()
    else:  # one core: a second process could only slow the build down
        assert not helper.enabled and runner == os.getpid()


def test_switched_off_a_job_runs_here_and_now():
    helper = background.Helper({"LEDGER_BACKGROUND": "off"})
    assert not helper.enabled
    assert helper.submit(pid_of_runner).get() == os.getpid()


@pytest.mark.parametrize("switch", ["on", "off"])
def test_a_job_error_reaches_the_caller_either_way(switch):
    helper = background.Helper({"LEDGER_BACKGROUND": switch})
    try:
        with pytest.raises(ValueError, match="坏了"):
            helper.submit(fails).get(timeout=30)
    finally:
        helper.close()


def test_the_shared_helper_lasts_one_build():
    first = background.shared()
    assert background.shared() is first
    background.close_shared()
    assert background.shared() is not first
    background.close_shared()


def test_scratch_folders_go_when_the_helper_closes():
    helper = background.Helper({"LEDGER_BACKGROUND": "off"})
    folder = helper.scratch_folder()
    (folder / "half-written.docx").write_bytes(b"x")
    helper.close()
    assert not folder.exists()


@pytest.fixture()
def forked():
    """A helper process whatever the number of cores."""
    made = background.Helper({}, min_cores=1)
    assert made.enabled
    yield made
    made.close()


def test_a_helper_that_dies_is_an_error_not_a_wait_forever(forked):
    with pytest.raises(background.HelperDied, match="LEDGER_BACKGROUND=off"):
        forked.submit(dies).get(timeout=30)


def test_closing_stops_a_job_still_running(forked):
    helper = forked
    helper.submit(sleeps)
    time.sleep(0.2)
    started = time.monotonic()
    helper.close()
    assert time.monotonic() - started < 5
