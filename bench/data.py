"""A vendor with years of data: 5 000 organizations, 100 000 tickets with 1 000 000 timeline
events, 10 000 articles, 50 000 community posts (10 000 questions, 40 000 answers).

Run: .venv/bin/python bench/data.py --database-url URL [--scale 1.0] [--seed 2026]
The URL names a database of its own: its schema is rebuilt. Rows go in with multi-row
INSERTs in large transactions; search documents get the same stems the portal writes.
Articles are Markdown files written beside a copy of kb/ (--kb-dir) and indexed by the
portal's own sync, so a server started with PORTAL_KB_DIR on them keeps them. Known rows the
page benchmark asks for (bench/pages.py): the customer bench@org1.example
(password `bench-password`) with 200 tickets, one of them with 200 events; the agent
agent@bench.example; a question with 50 answers.
"""
from __future__ import annotations

import argparse
import random
import secrets
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from portal import create_app
from portal.db import db
from tests.dbutil import build_schema

PASSWORD = "bench-password"
BATCH = 2000
ZONES = ("Europe/Moscow", "Asia/Yekaterinburg", "Europe/Kaliningrad", "Asia/Novosibirsk")
TAGS = ("импорт", "лицензия", "обновление", "почта", "права", "отчёты", "воронка", "api",
        "резервная копия", "ldap", "sla", "очереди", "подпись", "поиск", "кэш", "служба")
STATUSES = ("closed",) * 6 + ("resolved", "open", "open", "waiting")


def words() -> list[str]:
    """The knowledge base's own words, so texts read (and stem) like real ones."""
    import re

    pattern = re.compile(r"[^\W\d_]{3,}")
    found = [w for path in sorted((ROOT / "kb").rglob("*.md"))
             for w in pattern.findall(path.read_text(encoding="utf-8"))]
    return found


def insert(model, rows: list[dict]) -> None:
    for start in range(0, len(rows), BATCH):
        model.insert_many(rows[start:start + BATCH]).execute()


class Generator:
    def __init__(self, seed: int, scale: float) -> None:
        self.rng = random.Random(seed)
        self.scale = scale
        self.vocabulary = words()
        self.start = datetime(2024, 1, 1)

    def n(self, count: int) -> int:
        return max(1, int(count * self.scale))

    def text(self, low: int, high: int) -> str:
        return " ".join(self.rng.choice(self.vocabulary) for _ in range(self.rng.randint(low, high)))

    def moment(self, days: int = 1050) -> datetime:
        return self.start + timedelta(minutes=self.rng.randrange(days * 24 * 60))

    def people(self) -> tuple[list[int], list[int], list[int]]:
        from portal.accounts.models import Membership, Organization, User
        from portal.accounts.passwords import hash_password
        from portal.billing.models import SupportContract

        password = hash_password(PASSWORD)
        count = self.n(5000)
        with db.atomic():
            insert(Organization, [{"name": f"Организация {i}", "timezone": self.rng.choice(ZONES),
                                   "created_at": self.start} for i in range(1, count + 1)])
            organizations = [o.id for o in Organization.select(Organization.id)
                             .order_by(Organization.id)]
            insert(User, [{"email": f"bench@org{i}.example", "name": f"Контакт {i}",
                           "password_hash": password, "language": "ru",
                           "timezone": "Europe/Moscow", "role": "customer",
                           "email_confirmed_at": self.start, "active": True,
                           "created_at": self.start}
                          for i in range(1, count + 1)])
            insert(User, [{"email": f"agent{i}@bench.example" if i else "agent@bench.example",
                           "name": f"Инженер {i}", "password_hash": password, "language": "ru",
                           "timezone": "Europe/Moscow", "role": "agent",
                           "email_confirmed_at": self.start, "active": True,
                           "created_at": self.start}
                          for i in range(20)])
            customers = [u.id for u in User.select(User.id).where(User.role == "customer")
                         .order_by(User.id)]
            agents = [u.id for u in User.select(User.id).where(User.role == "agent")]
            insert(Membership, [{"user": user, "organization": organization,
                                 "responsible": True, "created_at": self.start}
                                for user, organization in zip(customers, organizations,
                                                              strict=True)])
            insert(SupportContract, [{"organization": organization, "tier": "standard",
                                      "kind": "paid", "first_day": date(2026, 1, 1),
                                      "last_day": date(2026, 12, 31), "currency": "RUB",
                                      "created_at": self.start}
                                     for organization in organizations])
        return organizations, customers, agents

    def tickets(self, organizations: list[int], customers: list[int], agents: list[int]) -> int:
        from portal.tickets.models import Ticket, TicketEvent

        count, events_total = self.n(100_000), self.n(1_000_000)
        # The benchmark's customer (organization 1) has 200 tickets; the rest spread evenly.
        owners = [0] * 200 + [self.rng.randrange(len(customers)) for _ in range(count - 200)]
        rows = []
        for number, owner in enumerate(owners, 1):
            created = self.moment()
            status = self.rng.choice(STATUSES)
            rows.append({
                "number": f"TID-{created.year}-{number:06d}", "token": f"bench-{number}",
                "organization": organizations[owner], "requester": customers[owner],
                "tier": "standard", "product": self.rng.choice(("crm", "desk", "docs")),
                "category": self.rng.choice(("question", "defect", "installation")),
                "priority": self.rng.randint(1, 4), "subject": self.text(3, 9)[:200],
                "status": status, "created_at": created, "updated_at": created,
                "next_due_at": (created + timedelta(hours=self.rng.randint(1, 80))
                                if status in ("open", "waiting") else None),
                "mail_token": secrets.token_hex(16),
                "assignee": self.rng.choice(agents) if self.rng.random() < 0.8 else None,
            })
        with db.atomic():
            insert(Ticket, rows)
        ids = [t.id for t in Ticket.select(Ticket.id).order_by(Ticket.id)]
        # Every ticket has a "created" event and its opening message; the first has 200 events.
        per_ticket = {ticket: 2 for ticket in ids}
        per_ticket[ids[0]] = 200
        left = events_total - sum(per_ticket.values())
        for _ in range(max(0, left)):
            per_ticket[ids[self.rng.randrange(1, len(ids))]] += 1
        moments = {t.id: t.created_at for t in Ticket.select(Ticket.id, Ticket.created_at)}
        batch: list[dict] = []
        written = 0
        for ticket, events in per_ticket.items():
            at = moments[ticket]
            for position in range(events):
                kind = ("created" if position == 0 else "customer_message" if position == 1
                        else self.rng.choice(("staff_message", "customer_message",
                                              "staff_message", "note")))
                batch.append({"ticket": ticket, "at": at, "kind": kind if kind != "note"
                              else "staff_message", "public": kind != "note",
                              "author": customers[0] if kind == "customer_message" else None,
                              "body": self.text(8, 60) if position else "", "data": "{}"})
                at += timedelta(minutes=self.rng.randint(5, 600))
            if len(batch) >= 20 * BATCH:
                with db.atomic():
                    insert(TicketEvent, batch)
                written += len(batch)
                batch = []
        with db.atomic():
            insert(TicketEvent, batch)
        return written + len(batch)

    def articles(self, kb_dir: Path) -> int:
        """Article files beside a copy of kb/, indexed by the portal's own sync."""
        import shutil

        from portal.kb import sync_for

        if kb_dir.exists():
            shutil.rmtree(kb_dir)
        shutil.copytree(ROOT / "kb", kb_dir)
        folder = kb_dir / "bench"
        folder.mkdir()
        (folder / "_category.md").write_text(
            "---\ntitle: Архив статей\ntitle_en: Article archive\n"
            "description_en: Generated articles.\norder: 90\n---\nСгенерированные статьи.\n",
            encoding="utf-8")
        count = self.n(10_000)
        for number in range(1, count + 1):
            chosen = self.rng.sample(TAGS, 3)
            sections = "\n\n".join(f"## {self.text(2, 5).capitalize()}\n\n{self.text(50, 130)}"
                                     for _ in range(3))
            (folder / f"article-{number}.md").write_text(
                f"---\ntitle: {self.text(3, 8).capitalize()}\nsummary: {self.text(10, 20)}\n"
                f"products: [{self.rng.choice(('crm', 'desk', 'docs'))}]\nversions: [\"6.0\"]\n"
                f"tags: [{', '.join(chosen)}]\nupdated: 2026-0{1 + number % 9}-15\n"
                f"language: ru\n---\n{sections}\n", encoding="utf-8")
        from flask import current_app

        report = sync_for(current_app, kb_dir)
        if report.problems:
            raise SystemExit(f"generated articles refused: {report.problems[:3]}")
        return count

    def community(self, customers: list[int]) -> int:
        from portal.community.models import Answer, Question
        from portal.community.text import render_post
        from portal.domain.search import index_text
        from portal.search.models import SearchDocument

        questions, answers = self.n(10_000), self.n(40_000)
        rows = []
        for number in range(1, questions + 1):
            body = self.text(20, 80)
            rows.append({"token": f"bench-q-{number}", "author": self.rng.choice(customers),
                         "title": self.text(4, 10)[:200].capitalize() + "?", "body": body,
                         "body_html": render_post(body, False), "product": "crm",
                         "created_at": self.moment(), "active_at": self.moment(),
                         "answer_count": 0})
        with db.atomic():
            insert(Question, rows)
        ids = [q.id for q in Question.select(Question.id).order_by(Question.id)]
        owner = {ids[0]: 50}
        for _ in range(answers - 50):
            question = ids[self.rng.randrange(1, len(ids))]
            owner[question] = owner.get(question, 0) + 1
        answer_rows = []
        for question, many in owner.items():
            for position in range(many):
                body = self.text(15, 60)
                answer_rows.append({"token": f"bench-a-{question}-{position}",
                                    "question": question, "author": self.rng.choice(customers),
                                    "body": body, "body_html": render_post(body, False),
                                    "score": self.rng.randint(-2, 10),
                                    "created_at": self.moment()})
        with db.atomic():
            insert(Answer, answer_rows)
            for question, many in owner.items():
                Question.update(answer_count=many).where(Question.id == question).execute()
            insert(SearchDocument, [{
                "kind": "post", "ref": f"question:{row_id}", "language": "ru",
                "title": row["title"], "body_text": row["body"],
                "url": f"/community/questions/{row_id}", "category": "", "tags": "",
                "family": "", "boost": 1.0, "title_stems": index_text(row["title"]),
                "heading_stems": "", "tag_stems": "", "body_stems": index_text(row["body"])}
                for row_id, row in zip(ids, rows, strict=True)])
        return questions + answers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--scale", type=float, default=1.0, help="1.0: the full data set")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--kb-dir", default="/tmp/bench/kb",
                        help="where kb/ and the generated articles are written (serve with "
                             "PORTAL_KB_DIR set to it)")
    options = parser.parse_args()
    build_schema(options.database_url)
    app = create_app({"DATABASE_URL": options.database_url, "SECRET_KEY": "bench",
                      "INSTANCE_DIR": str(ROOT / "instance" / "bench"),
                      "KB_SYNC_ON_START": False, "DEMO_MODE": False,
                      "KB_DIR": options.kb_dir})
    generator = Generator(options.seed, options.scale)
    with app.app_context():
        db.connect(reuse_if_open=True)
        for label, step in (("people", generator.people),):
            started = time.perf_counter()
            organizations, customers, agents = step()
            print(f"{label}: {len(organizations)} organizations in "
                  f"{time.perf_counter() - started:.0f} s", flush=True)
        started = time.perf_counter()
        events = generator.tickets(organizations, customers, agents)
        print(f"tickets and {events} events in {time.perf_counter() - started:.0f} s", flush=True)
        started = time.perf_counter()
        print(f"{generator.articles(Path(options.kb_dir))} articles in {time.perf_counter() - started:.0f} s",
              flush=True)
        started = time.perf_counter()
        print(f"{generator.community(customers)} community posts in "
              f"{time.perf_counter() - started:.0f} s", flush=True)
        if db.obj.__class__.__name__.startswith("Sqlite"):
            db.execute_sql("ANALYZE")
        else:
            db.execute_sql("ANALYZE")
    print(f"loaded at {datetime.now(UTC):%H:%M:%S}")


if __name__ == "__main__":
    main()
