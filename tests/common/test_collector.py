"""common.collector: the cycle collector paused around a block, nested and across threads."""

import gc
import threading

import pytest

from common.collector import collector_paused


@pytest.fixture
def collector_on():
    """The collector enabled for the test, as it was afterwards."""
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_the_collector_is_off_inside_and_on_again_after(collector_on) -> None:
    """Inside the block automatic collection is off; after it, on again."""
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_an_error_in_the_block_still_resumes_the_collector(collector_on) -> None:
    """An exception leaving the block does not leave the collector off."""
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError
    assert gc.isenabled()


def test_nested_blocks_resume_only_at_the_outermost_end(collector_on) -> None:
    """A block inside a block keeps the collector off until the outer one ends."""
    with collector_paused():
        with collector_paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off(collector_on) -> None:
    """A process that disabled the collector itself does not find it enabled by a block."""
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()


def test_overlapping_blocks_in_two_threads_resume_once_both_end(collector_on) -> None:
    """Thread A pauses, B pauses, A ends: still off; B ends: on again (not left off)."""
    a_in, b_in, a_out, b_may_end = (threading.Event() for _ in range(4))
    seen: list[bool] = []

    def first() -> None:
        with collector_paused():
            a_in.set()
            b_in.wait(5)
        a_out.set()

    def second() -> None:
        a_in.wait(5)
        with collector_paused():
            b_in.set()
            a_out.wait(5)
            seen.append(gc.isenabled())
            b_may_end.wait(5)

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    a_out.wait(5)
    b_may_end.set()
    for thread in threads:
        thread.join(5)
    assert seen == [False]
    assert gc.isenabled()
