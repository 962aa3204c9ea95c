"""No page issues a query per row: each list page is asked with few rows and with many, and
the number of SQL statements it runs must not grow with the rows."""
from __future__ import annotations

import logging
from contextlib import contextmanager

from tests.plugins.community import token


class _Counter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.count = 0

    def emit(self, record) -> None:
        self.count += 1


@contextmanager
def counting():
    """Statements peewee sends while the block runs."""
    logger = logging.getLogger("peewee")
    counter, level = _Counter(), logger.level
    logger.addHandler(counter)
    logger.setLevel(logging.DEBUG)
    try:
        yield counter
    finally:
        logger.removeHandler(counter)
        logger.setLevel(level)


def _statements(client, path: str) -> int:
    client.get(path)  # warm caches of the first request
    with counting() as counter:
        response = client.get(path)
    assert response.status_code == 200, path
    return counter.count


def test_community_pages_do_not_query_per_question_or_answer(client, ask, answer, auth):
    question_id = ask()
    for number in range(2):
        answer(question_id, body=f"Первый ответ номер {number}, сохраните файл в UTF-8.")
    auth.logout()
    auth.login("olga@example.com")
    few = {path: _statements(client, path) for path in
           ("/community/", f"/community/questions/{question_id}")}
    for number in range(8):
        ask(title=f"Ещё один вопрос про импорт номер {number}")
        answer(question_id, as_email="agent@lotsman.example" if number % 2 else "petr@example.com",
               body=f"Ещё один ответ номер {number}: проверьте кодировку файла.")
        client.post(f"/community/questions/{question_id}/comments",
                    data={"token": token(), "body": f"Комментарий {number}"})
    auth.logout()
    auth.login("olga@example.com")
    many = {path: _statements(client, path) for path in few}
    assert many == few


def test_ticket_lists_do_not_query_per_ticket(client, auth, licensed, file_ticket):
    file_ticket(subject="Первое обращение")
    few = {"/tickets/": _statements(client, "/tickets/")}
    for number in range(6):
        file_ticket(subject=f"Обращение номер {number}")
    many = {"/tickets/": _statements(client, "/tickets/")}
    auth.logout()
    auth.login("agent@lotsman.example")
    few_queue = _statements(client, "/staff/queue")
    auth.logout()
    file_ticket(subject="И ещё одно обращение")
    file_ticket(subject="И последнее обращение")
    auth.logout()
    auth.login("agent@lotsman.example")
    assert many == few
    assert _statements(client, "/staff/queue") == few_queue
