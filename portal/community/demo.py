"""Demo community: a free user's questions, a colleague's and an engineer's answers, one
accepted (idempotent: each post has a fixed token)."""
from __future__ import annotations

from datetime import timedelta

from portal.accounts.models import User
from portal.clock import stored_now
from portal.community import services, votes
from portal.community.models import Answer, Question

FREE_USER = "ivan@free.example"  # a registered user without licenses (accounts.demo)

# token, asker, title, body, product, tags, answers (token, author, body), accepted answer
QUESTIONS = (
    ("demo-q-1", "ivan@free.example", "Как импортировать контакты из CSV без ошибки кодировки?",
     ("Выгружаю контакты из старой системы в CSV, а импорт в CRM пишет «неверная кодировка» "
     "и показывает вопросительные знаки вместо русских букв."), "crm", ["импорт", "csv"],
     (("demo-a-1", "olga@vektor.example", ("У нас было так же. Откройте файл в LibreOffice и "
       "сохраните как **CSV UTF-8** — после этого импорт прошёл.")),
      ("demo-a-2", "agent@lotsman.example", ("Импорт ждёт UTF-8. В версии 6.0 кодировку можно "
       "выбрать прямо в мастере импорта: шаг «Файл» → «Кодировка» → `windows-1251`."))),
     "demo-a-2"),
    ("demo-q-2", "boris@romashka.example", "Можно ли настроить воронку продаж для двух отделов?",
     ("У нас два отдела продаж с разными этапами сделок. Можно ли сделать каждому свою воронку "
     "и чтобы менеджеры видели только свою?"), "crm", ["воронка", "права"],
     (("demo-a-3", "ivan@free.example", ("Да, воронок может быть несколько, а видимость "
       "настраивается правами доступа на подразделение.")),), None),
    ("demo-q-3", "ivan@free.example", "Where do I find the API token for integrations?",
     ("I want to connect our website form to the CRM. Where is the API token created, and "
     "does it expire?"), "", ["api"], (), None),
)


def seed_questions() -> None:
    now = stored_now()
    # The demo's people are regular members, not new accounts (no posting limit, no nofollow).
    people = {FREE_USER, *(row[1] for row in QUESTIONS),
              *(answer[1] for row in QUESTIONS for answer in row[6])}
    User.update(created_at=now - timedelta(days=60)).where(User.email.in_(people)).execute()
    for token, asker, title, body, product, tags, answers, accepted in QUESTIONS:
        author = User.by_email(asker)
        if author is None:
            continue
        question = services.ask(author, services.QuestionText(title, body, product, "", tags),
                                token, now)
        for answer_token, answerer, text in answers:
            writer = User.by_email(answerer)
            if writer is not None:
                services.add_answer(writer, question, text, answer_token, now)
        if accepted:
            answer = Answer.get(Answer.token == accepted)
            question = Question.get_by_id(question.id)
            if question.accepted_answer_id != answer.id:
                votes.accept(author, question, answer, now)
