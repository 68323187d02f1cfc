"""lead(): the loop that holds the scheduler lock stops when its task is cancelled, at
whatever moment the cancel arrives."""
import asyncio

from bot.runtime.leader import lead


class CancelAsItAnswers:
    """A lock whose every call asks the loop to cancel `task` just as the call returns:
    the cancel lands after the thread's answer and before the waiting task resumes, the
    moment Python 3.11's wait_for lost it."""

    def __init__(self, loop: asyncio.AbstractEventLoop):
        self.loop = loop
        self.task: asyncio.Task | None = None
        self.calls = 0
        self.disposed = False

    def _cancel_behind_the_answer(self) -> None:
        # Two hops: the answer's own callback is queued between them.
        self.loop.call_soon_threadsafe(lambda: self.loop.call_soon(self.task.cancel))

    def acquire(self) -> bool:
        self.calls += 1
        self._cancel_behind_the_answer()
        return False            # a standby: lead() sleeps and tries again

    def alive(self) -> bool:
        return False

    def release(self) -> None:
        pass

    def dispose(self) -> None:
        self.disposed = True


async def test_a_cancel_that_arrives_with_the_locks_answer_stops_lead():
    lock = CancelAsItAnswers(asyncio.get_running_loop())

    async def start():
        raise AssertionError("a standby never starts the scheduler")

    async def stop(handle):
        raise AssertionError("nothing was started")

    lock.task = asyncio.create_task(lead(lock, start, stop, retry=0.01))
    done, _ = await asyncio.wait([lock.task], timeout=2)
    assert done, f"lead() went on after its cancel ({lock.calls} tries)"
    assert lock.task.cancelled() and lock.calls == 1 and lock.disposed


async def test_a_holder_cancelled_stops_its_scheduler_and_lets_go():
    events: list[str] = []

    class Held:
        def acquire(self):
            return True

        def alive(self):
            return True

        def release(self):
            events.append("release")

        def dispose(self):
            events.append("dispose")

    async def start():
        events.append("start")
        return "scheduler"

    async def stop(handle):
        events.append(f"stop {handle}")

    task = asyncio.create_task(lead(Held(), start, stop, retry=0.03))
    while "start" not in events:
        await asyncio.sleep(0.01)
    task.cancel()
    done, _ = await asyncio.wait([task], timeout=2)
    assert done and events == ["start", "stop scheduler", "dispose"]
