"""The vendor client: one method per group-call endpoint, returning plain records."""

from __future__ import annotations

import base64
import contextlib
import datetime
import functools
import itertools
import random
import threading
import time
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from types import TracebackType
from typing import Any, TypeVar

from broadcastctl.api.callrecords import CallRecord, call_record, iso_time, record_spans
from broadcastctl.api.config import ApiConfig
from broadcastctl.api.envelope import ShapeError
from broadcastctl.api.errors import (
    ApiError,
    CreatedWithoutIdError,
    UnexpectedResponseError,
    UploadedWithoutIdError,
)
from broadcastctl.api.records import (
    Page,
    TaskDetail,
    TaskSummary,
    VoiceFile,
    created_id,
    page_records,
    task_detail,
    task_summary,
    voice_file,
)
from broadcastctl.api.transport import (
    DEFAULT_DEADLINE,
    DEFAULT_MAX_ANSWER_BYTES,
    DEFAULT_TIMEOUT,
    Call,
    Limits,
    RetryPolicy,
    Transport,
)
from broadcastctl.api.vendortime import format_vendor_time

SEND = "voice/group/call/send"
RESEND = "voice/group/call/resend"
UPDATE = "voice/group/call/update"
QUERY = "voice/group/call/query"
DETAIL = "voice/group/call/detail"
CANCEL = "voice/group/call/cancel"
FILE_UPLOAD = "voice/fileUpload"
FILE_QUERY = "voice/fileQuery"
RECORD_QUERY = "voice/recordGroupQuery"

PAGE_SIZE = 100  # the vendor's maximum
MAX_PAGES = 10_000  # a million tasks in one window: beyond any account this tool serves
# Where a create's answer has no id, the new task is looked up by name around "now".
LOOKUP_MARGIN = datetime.timedelta(days=1)

T = TypeVar("T")
U = TypeVar("U")
# Pages read so far, and pages to read in all: None until every span's first page has said
# how many it has (a total that could still grow would draw a bar that goes backwards).
PageDone = Callable[[int, int | None], None]


class Client:
    """Calls the vendor API; one instance may be shared by many threads."""

    def __init__(
        self,
        config: ApiConfig,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        deadline: float = DEFAULT_DEADLINE,
        max_answer_bytes: int = DEFAULT_MAX_ANSWER_BYTES,
        max_attempts: int = 4,
        backoff: float = 0.5,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
    ) -> None:
        self._config = config
        self._clock = clock
        self._transport = Transport(
            config,
            limits=Limits(timeout, deadline, max_answer_bytes, run=config.run_timeout),
            policy=RetryPolicy(max_attempts=max_attempts, backoff=backoff),
            clock=clock,
            sleep=sleep,
            rng=rng or random.Random(),  # noqa: S311 - jitter, not cryptography
        )

    def __enter__(self) -> Client:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Client({self._config!r})"

    @property
    def config(self) -> ApiConfig:
        return self._config

    @property
    def calls(self) -> Mapping[str, int]:
        """Requests sent so far per endpoint path, retries included."""
        return self._transport.calls

    def close(self) -> None:
        self._transport.close()

    def now(self) -> datetime.datetime:
        """The client's clock, in the vendor's zone."""
        return datetime.datetime.fromtimestamp(self._clock(), self._config.timezone)

    def list_tasks(
        self,
        *,
        created_from: datetime.datetime,
        created_to: datetime.datetime,
        statuses: Sequence[int] = (),
        search: str | None = None,
        workers: int = 1,
    ) -> list[TaskSummary]:
        """Every task created in the window (both ends included), reading all pages, up to
        `workers` at a time once the first page has told how many there are."""
        read = functools.partial(
            self.iter_tasks, created_from=created_from, created_to=created_to,
            statuses=statuses, search=search,
        )  # fmt: skip
        if workers <= 1:
            return list(read())
        with ThreadPoolExecutor(max_workers=workers) as pool:
            return list(read(pool=pool, ahead=workers))

    def iter_tasks(
        self,
        *,
        created_from: datetime.datetime,
        created_to: datetime.datetime,
        statuses: Sequence[int] = (),
        search: str | None = None,
        pool: Executor | None = None,
        ahead: int = 1,
    ) -> Generator[TaskSummary, None, None]:
        """Every task created in the window, each once, as its page arrives. With a `pool`, the
        pages after the first are read in it, at most `ahead` at a time; the caller may give
        the same pool other work (the details of the tasks listed), which then shares its
        threads with the pages."""
        params: dict[str, Any] = {
            "strTime": format_vendor_time(created_from, self._config.timezone),
            "endTime": format_vendor_time(created_to, self._config.timezone),
            "statusList": [int(status) for status in statuses],
        }
        if search is not None:
            params["searchCondition"] = search
        listed: set[int] = set()
        for record in self._pages(QUERY, "list tasks", params, pool=pool, ahead=ahead):
            task = self._parsed("list tasks", task_summary, record)
            # A task created while paging shifts the pages and shows a row twice.
            if task.job_id not in listed:
                listed.add(task.job_id)
                yield task

    def get_task(self, job_id: int) -> TaskDetail:
        what = f"read task {job_id}"
        call = Call("GET", f"{DETAIL}/{int(job_id)}", DETAIL, what, write=False)
        return self._parsed(what, task_detail, self._transport.send(call).data)

    def find_task(
        self, task_name: str, *, created_from: datetime.datetime, created_to: datetime.datetime
    ) -> TaskSummary | None:
        """The task with exactly this name (the newest, should there be several), or None."""
        found = self.list_tasks(created_from=created_from, created_to=created_to, search=task_name)
        matches = [task for task in found if task.task_name == task_name]
        return max(matches, key=lambda task: task.job_id, default=None)

    def create_task(
        self, body: Mapping[str, Any], *, created_from: datetime.datetime | None = None
    ) -> int:
        """Create a task and return its jobId, looked up by taskName if the answer has none.

        Never retried once the request may have reached the vendor: an ambiguous failure
        raises AmbiguousWriteError, and the caller looks the taskName up before trying again.
        """
        name = str(body.get("taskName"))
        # Names come from files; should one hold the secret, it still must not be shown.
        what = self._transport.redact(f"create task {name!r}")
        answer = self._transport.send(Call("POST", SEND, SEND, what, write=True, body=body))
        job_id = created_id(answer.data)
        return job_id if job_id is not None else self._created_by_name(name, created_from, what)

    def resend_task(
        self,
        body: Mapping[str, Any],
        parent_job_id: int,
        resend_type: int,
        *,
        created_from: datetime.datetime | None = None,
    ) -> int:
        """Re-call finished task `parent_job_id` as a new task named body's taskName (resendType
        1: its failed numbers, 0: all); its jobId. The vendor's pages do not show the answer:
        `data` is taken to be the new id, as the AI variant's is, unless it is missing or is
        the keyId sent (that page's "data = keyId" read the other way): the new task is then
        found by its unique name. Like a create, never retried once it may have reached the
        vendor."""
        payload = {**body, "keyId": int(parent_job_id), "resendType": int(resend_type)}
        name = str(body.get("taskName"))
        what = self._transport.redact(f"re-call task {parent_job_id} as {name!r}")
        answer = self._transport.send(Call("POST", RESEND, RESEND, what, write=True, body=payload))
        job_id = created_id(answer.data)
        if job_id is not None and job_id != int(parent_job_id):
            return job_id
        return self._created_by_name(name, created_from, what)

    def update_task(self, job_id: int, body: Mapping[str, Any]) -> None:
        """Change a waiting task; `body` holds the fields, the client adds keyId."""
        payload = {**body, "keyId": int(job_id)}
        what = f"update task {job_id}"
        self._transport.send(Call("POST", UPDATE, UPDATE, what, write=True, body=payload))

    def cancel_tasks(self, job_ids: Sequence[int]) -> None:
        if not job_ids:
            return
        payload = {"taskIdList": [int(job_id) for job_id in job_ids]}
        what = f"cancel tasks {', '.join(map(str, payload['taskIdList']))}"
        self._transport.send(Call("POST", CANCEL, CANCEL, what, write=True, body=payload))

    def upload_voice_file(self, file_name: str, content: bytes) -> str:
        """Upload an audio file (.mp3, .m4a, .wav) and return the vendor's file id; an answer
        with none raises UploadedWithoutIdError (the file exists: look it up by name)."""
        payload = {"fileName": file_name, "file": base64.b64encode(content).decode("ascii")}
        what = self._transport.redact(f"upload voice file {file_name!r}")
        call = Call("POST", FILE_UPLOAD, FILE_UPLOAD, what, write=True, body=payload)
        file_id = self._transport.send(call).data
        if file_id is None or file_id == "":
            raise UploadedWithoutIdError(f"{what}: the vendor accepted it without its file id")
        if not isinstance(file_id, str):
            shown = self._transport.shown(repr(file_id))
            raise UnexpectedResponseError(f"{what}: the answer carries no file id: {shown}")
        return file_id

    def list_voice_files(self) -> list[VoiceFile]:
        what = "list voice files"
        return [self._parsed(what, voice_file, record) for record in self._pages(FILE_QUERY, what)]

    def call_records(
        self,
        start: datetime.datetime,
        end: datetime.datetime,
        *,
        workers: int = 10,
        on_page: PageDone | None = None,
    ) -> list[CallRecord]:
        """Every call record of the window (every task's: the query has no task filter), each
        once. Holds them all: a reader of many pages wants `iter_call_records`."""
        records: dict[str, CallRecord] = {}
        for record in self.iter_call_records(start, end, workers=workers, on_page=on_page):
            records.setdefault(record.voice_id, record)
        return list(records.values())

    def iter_call_records(
        self,
        start: datetime.datetime,
        end: datetime.datetime,
        *,
        workers: int = 10,
        on_page: PageDone | None = None,
    ) -> Generator[CallRecord, None, None]:
        """Every call record of the window, page by page in order, reading up to `workers`
        pages at a time and holding no more than those: memory stays flat however many pages.
        The window is cut into spans the vendor accepts; each span's first page says how many
        follow, bounded as in `_pages`. A record at a span's edge, or on a page shifted by a
        record added meanwhile, may come twice: the caller keeps one per `voice_id`."""
        spans = list(record_spans(start, end))
        progress = _Progress(len(spans), on_page)
        with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
            for span in spans:
                first = self._record_page(span, 1, progress)
                more = self._record_pages(first)
                progress.expect(more - 1)
                read = functools.partial(self._record_page, span, progress=progress)
                later = _in_order(pool, max(1, workers), range(2, more + 1), read)
                yield from self._span_records(itertools.chain([first], later))

    def _span_records(self, pages: Iterable[Page]) -> Iterator[CallRecord]:
        """The records of one span's pages; a page the span has shown before ends the read."""
        zone = self._config.timezone
        seen = _PagesSeen("read call records", "its records")
        for page in pages:
            seen.check(page)
            for value in page.records:
                yield self._parsed("read call records", lambda v: call_record(v, zone), value)

    def _record_page(
        self, span: tuple[datetime.datetime, datetime.datetime], number: int, progress: _Progress
    ) -> Page:
        zone = self._config.timezone
        what = "read call records"
        params = {"strTime": iso_time(span[0], zone), "endTime": iso_time(span[1], zone)}
        body = {"current": number, "size": PAGE_SIZE, "params": params}
        call = Call("POST", RECORD_QUERY, RECORD_QUERY, what, write=False, body=body)
        page = _within_size(
            what, number, self._parsed(what, page_records, self._transport.send(call).data)
        )
        progress.done()
        return page

    def _record_pages(self, first: Page) -> int:
        allowed = _pages_allowed(first) if first.records else 1
        if allowed > MAX_PAGES:
            raise UnexpectedResponseError(
                f"read call records: the vendor announces more than {MAX_PAGES:,} pages of "
                f"{PAGE_SIZE} in 30 days"
            )
        return max(1, allowed)

    def _pages(
        self,
        path: str,
        what: str,
        params: Mapping[str, Any] | None = None,
        *,
        pool: Executor | None = None,
        ahead: int = 1,
    ) -> Iterator[object]:
        """Every record of every page, in page order. The pages announced are not trusted
        alone: a server that announces more than its `total` allows, sends a page larger than
        asked, or sends a page it sent before, cannot hold the run in a loop nor fill its
        memory. With a `pool`, the pages after the first are read `ahead` at a time: a read
        that ends early has sent at most that many requests past its last page."""
        seen = _PagesSeen(what, "its list")
        read = functools.partial(self._list_page, path, what, params)
        last, done = read(1), 1
        seen.check(last)
        yield from last.records
        # A later page may announce more pages (a task made meanwhile): read on, as far as
        # the last page read allows.
        while done < _pages_allowed(last) and last.records:
            if done >= MAX_PAGES:
                raise UnexpectedResponseError(
                    f"{what}: the vendor announces more than {MAX_PAGES:,} pages of "
                    f"{PAGE_SIZE}; narrow the window with --since-days"
                )
            numbers = range(done + 1, min(_pages_allowed(last), MAX_PAGES) + 1)
            with contextlib.closing(_read_pages(pool, ahead, numbers, read)) as pages:
                for page in pages:
                    last, done = page, done + 1
                    seen.check(page)
                    yield from page.records
                    if done >= _pages_allowed(page) or not page.records:
                        return

    def _list_page(
        self, path: str, what: str, params: Mapping[str, Any] | None, number: int
    ) -> Page:
        body: dict[str, Any] = {"current": number, "size": PAGE_SIZE}
        if params is not None:
            body["params"] = params
        data = self._transport.send(Call("POST", path, path, what, write=False, body=body)).data
        return _within_size(what, number, self._parsed(what, page_records, data))

    def _parsed(self, what: str, parse: Callable[[object], T], value: object) -> T:
        try:
            return parse(value)
        except (ShapeError, RecursionError) as error:
            shown = self._transport.shown(str(error) or "nested too deep")
            message = f"{what}: unexpected answer from the vendor: {shown}"
            raise UnexpectedResponseError(message) from error

    def _created_by_name(self, name: str, created_from: datetime.datetime | None, what: str) -> int:
        """The id of a task the vendor accepted without naming it; never a reason to resend."""
        now = self.now()
        start = created_from or now - LOOKUP_MARGIN
        try:
            task = self.find_task(name, created_from=start, created_to=now + LOOKUP_MARGIN)
        except ApiError as error:
            raise CreatedWithoutIdError(
                f"{what}: the vendor accepted the task without its id, and looking it up failed "
                f"({error}); it exists, so do not create it again"
            ) from error
        if task is None:
            raise CreatedWithoutIdError(
                f"{what}: the vendor accepted the task without its id, and no task of that name "
                "shows in its list yet; it exists, so do not create it again"
            )
        return task.job_id


def _read_pages(
    pool: Executor | None, ahead: int, numbers: Iterable[int], read: Callable[[int], Page]
) -> Generator[Page, None, None]:
    """The pages in order: read here one by one, or in `pool` up to `ahead` at a time."""
    if pool is None:
        yield from map(read, numbers)
    else:
        yield from _in_order(pool, max(1, ahead), numbers, read)


def _in_order(
    pool: Executor, ahead: int, items: Iterable[T], work: Callable[[T], U]
) -> Iterator[U]:
    """`work` on each item in the pool, at most `ahead` at a time, the results in order. When
    the reader stops (a failure, Ctrl-C, enough read), what has not started is cancelled, so
    a broken read does not go on sending requests."""
    pending: deque[Future[U]] = deque()
    try:
        for item in items:
            pending.append(pool.submit(work, item))
            if len(pending) >= ahead:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        for future in pending:
            future.cancel()


def _within_size(what: str, number: int, page: Page) -> Page:
    """The page, unless it holds more than the page size asked for (the documented 1-100)."""
    if len(page.records) > PAGE_SIZE:
        raise UnexpectedResponseError(
            f"{what}: the vendor answered page {number} with {len(page.records):,} records, "
            f"more than the {PAGE_SIZE} asked for"
        )
    return page


class _PagesSeen:
    """What the pages read so far held: a page repeating any of them (a server looping, or
    alternating between two pages) ends the read at once, however far apart they are."""

    def __init__(self, what: str, noun: str) -> None:
        self._what, self._noun = what, noun
        self._first_of: dict[int, int] = {}  # a page's fingerprint -> the first page with it
        self._read = 0

    def check(self, page: Page) -> None:
        self._read += 1
        if not page.records:
            return
        earlier = self._first_of.setdefault(hash(repr(page.records)), self._read)
        if earlier != self._read:
            raise UnexpectedResponseError(
                f"{self._what}: the vendor answered page {self._read} with the records of page "
                f"{earlier}; {self._noun} cannot be read to the end"
            )


class _Progress:
    """Counts pages read across threads and tells `on_page` (from whichever thread read one)."""

    def __init__(self, expected: int, on_page: PageDone | None) -> None:
        self._lock = threading.Lock()
        self._done, self._expected = 0, expected
        self._known = False  # the total, once the first pages have all said theirs
        self._on_page = on_page

    def expect(self, more: int) -> None:
        with self._lock:
            self._expected += more
            self._known = True
            self._tell()

    def done(self) -> None:
        with self._lock:
            self._done += 1
            self._tell()

    def _tell(self) -> None:
        if self._on_page is not None:
            self._on_page(self._done, self._expected if self._known else None)


def _pages_allowed(page: Page) -> int:
    """The pages a list may have: those announced, no more than its `total` fills."""
    if page.total is None:
        return page.pages
    return min(page.pages, -(-page.total // PAGE_SIZE))
