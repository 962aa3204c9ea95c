"""Community: votes (one per person, changeable, never on one's own post), accepting."""
from __future__ import annotations


def _vote(client, kind, post_id, value, htmx=False):
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(f"/community/vote/{kind}/{post_id}", data={"value": value},
                       headers=headers)


def test_one_vote_per_person_changeable_and_taken_back(client, ask, auth, app):
    from portal.community.models import Question, Vote

    question_id = ask()
    auth.logout()
    auth.login("petr@example.com")
    response = _vote(client, "question", question_id, "up", htmx=True)
    assert response.status_code == 200
    widget = response.get_data(as_text=True)
    assert f'id="votes-question-{question_id}"' in widget and "<html" not in widget
    assert '<output class="vote-score" aria-label="Оценка">1</output>' in widget
    _vote(client, "question", question_id, "up", htmx=True)  # the same again: taken back
    with app.app_context():
        assert Question.get_by_id(question_id).score == 0
        assert Vote.select().count() == 0
    _vote(client, "question", question_id, "up")
    plain = _vote(client, "question", question_id, "down")  # changed, without JavaScript
    assert plain.status_code == 303
    assert plain.headers["Location"].endswith(f"/community/questions/{question_id}"
                                              f"#question-{question_id}")
    with app.app_context():
        assert Question.get_by_id(question_id).score == -1
        assert [v.value for v in Vote.select()] == [-1]


def test_votes_of_several_people_add_up(client, ask, answer, auth, app):
    from portal.community.models import Answer

    question_id = ask()
    answer_id = answer(question_id)
    for email in ("olga@example.com", "nina@example.com", "agent@lotsman.example"):
        auth.logout()
        auth.login(email)
        assert _vote(client, "answer", answer_id, "up").status_code == 303
    with app.app_context():
        assert Answer.get_by_id(answer_id).score == 3


def test_voting_on_ones_own_post_is_refused_and_writes_nothing(client, ask, app):
    from portal.community.models import Question, Vote

    question_id = ask()  # logged in as its author
    response = _vote(client, "question", question_id, "up", htmx=True)
    assert response.status_code == 403
    assert "За свою публикацию голосовать нельзя" in response.get_data(as_text=True)
    with app.app_context():
        assert Vote.select().count() == 0
        assert Question.get_by_id(question_id).score == 0


def test_a_bad_vote_value_is_refused(client, ask, auth, app):
    from portal.community.models import Vote

    question_id = ask()
    auth.logout()
    auth.login("petr@example.com")
    assert _vote(client, "question", question_id, "sideways").status_code == 400
    assert client.post(f"/community/vote/ticket/{question_id}",
                       data={"value": "up"}).status_code == 404
    with app.app_context():
        assert Vote.select().count() == 0


def test_the_author_accepts_an_answer_others_may_not(client, ask, answer, auth, app,
                                                     mailbox):
    from portal.community.models import Question

    question_id = ask()
    first = answer(question_id)
    second = answer(question_id, as_email="nina@example.com",
                    body="Или откройте файл в LibreOffice и сохраните в UTF-8.")
    # Пётр answered, he is not the asker: he may not accept.
    auth.logout()
    auth.login("petr@example.com")
    assert client.post(f"/community/questions/{question_id}/accept/{second}").status_code == 403
    auth.logout()
    auth.login("olga@example.com")
    assert client.post(f"/community/questions/{question_id}/accept/{second}").status_code == 303
    with app.app_context():
        assert Question.get_by_id(question_id).accepted_answer_id == second
    page = client.get(f"/community/questions/{question_id}").get_data(as_text=True)
    # The accepted answer comes first, marked.
    assert page.index(f'id="answer-{second}"') < page.index(f'id="answer-{first}"')
    assert "Принятый ответ" in page
    told = mailbox.last(to="nina@example.com")
    assert told["Subject"] == "Ответ принят: Как импортировать контакты из CSV?"
    # Accepting the same answer again takes it back.
    client.post(f"/community/questions/{question_id}/accept/{second}")
    with app.app_context():
        assert Question.get_by_id(question_id).accepted_answer_id is None


def test_staff_accept_too_and_the_asker_is_told(client, ask, answer, auth, app, mailbox):
    from portal.community.models import Question

    question_id = ask()
    answer_id = answer(question_id)
    auth.logout()
    auth.login("agent@lotsman.example")
    assert client.post(
        f"/community/questions/{question_id}/accept/{answer_id}").status_code == 303
    with app.app_context():
        assert Question.get_by_id(question_id).accepted_answer_id == answer_id
    assert "как решение" in mailbox.last(to="olga@example.com").get_body(
        ("plain",)).get_content()


def test_an_answer_of_another_question_cannot_be_accepted(client, ask, answer, auth):
    one = ask()
    other = ask(title="Как настроить почту в CRM?")
    foreign = answer(other)
    auth.logout()
    auth.login("olga@example.com")
    assert client.post(f"/community/questions/{one}/accept/{foreign}").status_code == 409
