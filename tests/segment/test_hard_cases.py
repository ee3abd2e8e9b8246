"""Hard cases from docs/segmentation.md: one row per case, text -> expected items."""

from __future__ import annotations

import pytest

from factcheck.segment import segment, sentences

# (id, text, [(kind, exact text, speaker)], texts that must NOT be items)
CASES = [
    ("apostrophes",
     "Hamas' fighters won’t stop, Israeli officials said.",
     [("indirect", "Hamas' fighters won’t stop", "Israeli officials")], ["Hamas'", "won’t"]),
    ("headline-single-quotes",
     "'Israel won’t stop until Hamas is destroyed,' Netanyahu tells Putin",
     [("direct", "'Israel won’t stop until Hamas is destroyed,'", "Netanyahu")], []),
    ("scare-quotes-vs-one-word-quote",
     "The resolution needed nine “yes” votes to pass.\n“No,” he replied.",
     [("direct", "“No,”", "he")], ["“yes”"]),
    ("partial-quote-main-clause-subject",
     "Putin condemned Israeli actions against Hamas and Netanyahu, calling them 'cruel methods'.",
     [("partial", "'cruel methods'", "Putin")], []),
    ("partial-nested-in-reported-speech",
     "Putin said that Israel was employing “cruel methods” in Gaza.",
     [("indirect", "that Israel was employing “cruel methods” in Gaza", "Putin"),
      ("partial", "“cruel methods”", "Putin")], []),
    ("nested-single-inside-double",
     "“They call it ‘a plan’, but it is not,” Kirby said.",
     [("direct", "“They call it ‘a plan’, but it is not,”", "Kirby")], ["‘a plan’"]),
    ("non-person-speaker",
     "Putin spoke with Raisi and Assad, the Kremlin reported.",
     [("indirect", "Putin spoke with Raisi and Assad", "the Kremlin")], []),
    ("split-quote-one-utterance",
     "“We will not stop,” she said, “until the job is done.”",
     [("direct", "“We will not stop,” she said, “until the job is done.”", "she")], []),
    ("multi-paragraph-quote",
     "“The first part of the statement is long.\n\n“And the second paragraph ends here,” Smith said.",
     [("direct", "“The first part of the statement is long.\n\n“And the second paragraph ends here,”", "Smith")], []),
    ("floating-quote",
     "“We are ready,” Senator John Smith said.\n\n“We have always been ready.”",
     [("direct", "“We are ready,”", "John Smith"), ("direct", "“We have always been ready.”", "John Smith")], []),
    ("pronoun-resolves-to-subject",
     "Senator John Smith met Mary Jones on Monday. He said that the talks had gone well.",
     [("indirect", "that the talks had gone well", "John Smith")], []),
    ("appositive-name",
     "Trump’s lawyer, Alina Habba, said the case was a sham.",
     [("indirect", "the case was a sham", "Alina Habba")], []),
    ("appositive-role",
     "John Kirby, the NSC spokesman, said that the talks would continue.",
     [("indirect", "that the talks would continue", "John Kirby")], []),
    ("words-between-verb-and-that",
     "Kirby told CNN on Sunday that the talks would continue.",
     [("indirect", "that the talks would continue", "Kirby")], []),
    ("quoted-as-saying",
     "Lavrov was quoted as saying that the West had lost its way.",
     [("indirect", "that the West had lost its way", "Lavrov")], []),
    ("sentence-final-officials-said",
     "The strikes hit 40 targets overnight, Israeli officials said on Tuesday.",
     [("indirect", "The strikes hit 40 targets overnight", "Israeli officials")], []),
    ("according-to",
     "According to the ministry, 300 people were killed.",
     [("indirect", "300 people were killed", "the ministry")], []),
    ("title-stripped",
     "Israeli Prime Minister Benjamin Netanyahu said: “We are at war.”",
     [("direct", "“We are at war.”", "Benjamin Netanyahu")], []),
    ("object-of-speech-act",
     "Mike Huckabee called for denying entry to travelers from Syria.",
     [("indirect", "for denying entry to travelers from Syria", "Mike Huckabee")], []),
    ("endorsement-object",
     "Rep. Duncan Hunter endorsed Donald Trump on Wednesday.",
     [("indirect", "Donald Trump on Wednesday", "Duncan Hunter")], []),
    ("infinitive-cue",
     "Grijalva was the first Democrat in Congress to endorse Sanders in the primary.",
     [("indirect", "Sanders in the primary", "Grijalva")], []),
    ("infinitive-after-noun-is-not-a-cue",
     "Israel had the right to defend itself.",
     [], ["itself"]),
    ("most-of-them-said",
     "Until the shutdown, most of them said they had loved working for Carrier.",
     [("indirect", "they had loved working for Carrier", "most of them")], []),
    ("appositive-with-abbreviation",
     "Nick Merrill, a spokesman for Mrs. Clinton, said that the focus was on wages.",
     [("indirect", "that the focus was on wages", "Nick Merrill")], []),
    ("relative-who-mention-reaches-who",
     "Graham, who says the allies should send ground forces, tweeted on Monday.",
     [("indirect", "the allies should send ground forces", "Graham")], ["on Monday"]),
    ("name-is-not-a-cue",
     "For decades, the United States has deployed observers abroad.",
     [], ["has deployed observers abroad"]),
    ("according-to-phrase",
     "Turnout fell sharply, according to unofficial election results.",
     [("indirect", "Turnout fell sharply", "unofficial election results")], []),
    ("according-to-pronoun",
     "He crossed the border after, according to him, the network censured his report.",
     [("indirect", "He crossed the border after, according to him, the network censured his report", "him")], []),
    ("post-quote-long-subject",
     "“It would be a stretch,” Jeffrey Lewis of the James Martin Center wrote in December.",
     [("direct", "“It would be a stretch,”", "Jeffrey Lewis")], []),
    ("post-quote-appositive-subject",
     "“He had a lot of supporters,” Blunt, after a long pause, said of Cruz. “I’d be glad to have him.”",
     [("direct", "“He had a lot of supporters,” Blunt, after a long pause, said of Cruz. “I’d be glad to have him.”", "Blunt")], []),
    ("inverted-read",
     "“Our revolution has forced her to change her mind,” read the email.",
     [("direct", "“Our revolution has forced her to change her mind,”", "the email")], []),
    ("colon-closing-previous-paragraph",
     "Stated Stone:\n\n“I think that the stakes are so high.”",
     [("direct", "“I think that the stakes are so high.”", "Stone")], []),
    ("long-appositive-subject",
     "Marley Anderson, 21, a junior from Las Vegas, said she turned out to support Sanders.",
     [("indirect", "she turned out to support Sanders", "Marley Anderson")], []),
    ("tail-common-noun-source",
     "The co-pilot had logged 2,766 flying hours, the airline said Thursday.",
     [("indirect", "The co-pilot had logged 2,766 flying hours", "the airline")], []),
    ("evidential-seems-no-source-is-no-attribution",
     "For Trump, the returns seemed a reminder that rallies are not enough.",
     [], ["the returns seemed a reminder that rallies are not enough"]),
    ("evidential-is-expected-to-is-no-attribution",
     "The convention is expected to inject over $200 million into the local economy.",
     [], ["The convention is expected to inject over $200 million into the local economy"]),
    ("evidential-appeared-to-show-is-no-attribution",
     "Video from his cell appeared to show him downing some of the pills.",
     [], ["Video from his cell appeared to show him downing some of the pills"]),
    ("belief-think-is-not-speech",
     "Donald Trump thinks he has public opinion behind him.",
     [("belief", "he has public opinion behind him", "Donald Trump")], []),
    ("belief-hopes-that",
     "Nancy Pelosi hopes that the crisis will end soon.",
     [("belief", "that the crisis will end soon", "Nancy Pelosi")], []),
    ("speech-said-stays-indirect",
     "Nancy Pelosi said that the crisis will end soon.",
     [("indirect", "that the crisis will end soon", "Nancy Pelosi")], []),
    ("hinted-is-speech",
     "Nancy Pelosi hinted that the crisis will end soon.",
     [("indirect", "that the crisis will end soon", "Nancy Pelosi")], []),
    ("possessive-noun-is-not-a-cue",
     "The mayor's claims, in some cases, don't stand up to inspection.",
     [], ["in some cases, don't stand up to inspection"]),
    ("market-report-is-not-speech",
     "The Russell 2000 index of smaller-company stocks added 10 points, or 0.7 per cent, to 1,467.",
     [], ["10 points, or 0.7 per cent, to 1,467"]),
    ("question-to-the-reader-is-not-speech",
     "When you think of ride-hailing, you think of Uber.",
     [], ["of Uber"]),
    ("relative-clause-agent-is-the-speaker",
     "The United States vetoed a resolution proposed by Russia that called for an immediate ceasefire.",
     [("indirect", "for an immediate ceasefire", "Russia")], []),
    ("role-noun-resolves-to-the-titled-name",
     "Toronto Mayor John Tory spoke on Monday. The mayor said the budget would be balanced.",
     [("indirect", "the budget would be balanced", "John Tory")], []),
    ("role-noun-resolves-through-an-appositive",
     "John Tory, the mayor of Toronto, spoke on Monday. The mayor said the budget would be balanced.",
     [("indirect", "the budget would be balanced", "John Tory")], []),
    ("age-description-resolves-to-the-named-person",
     "The suspect, John Smith, 43, was arrested. The 43-year-old told reporters he was innocent.",
     [("indirect", "he was innocent", "John Smith")], []),
    ("ambiguous-role-stays-a-description",
     "Finance Minister Bill Morneau and Health Minister Jane Philpott spoke. “We are on track,” the minister said.",
     [("direct", "“We are on track,”", "the minister")], []),
    ("organisation-speaker-stays-an-organisation",
     "The Department of Finance said the deficit would shrink.",
     [("indirect", "the deficit would shrink", "the Department of Finance")], []),
    ("boilerplate-ad-break-is-never-an-item",
     "“We will win,” she said.\n\nStory continues below advertisement\n\nThe vote is on Monday.",
     [("direct", "“We will win,”", "she")], ["below advertisement", "Story continues below advertisement"]),
    ("asked-whether-question-is-content",
     "Asked whether he was concerned about the election, Ban demurred.",
     [("indirect", "whether he was concerned about the election", "")], []),
    ("noun-cue-possessive-holder",
     "Mr. Trump’s criticism of Judge Curiel, a federal judge, angered Republicans.",
     [("indirect", "Judge Curiel", "Trump")], []),
    ("infinitive-after-common-noun-is-not-a-speaker",
     "Israel had the right to defend itself.",
     [], ["itself"]),
    ("noun-cue-relative-that-is-not-content",
     "The statement that he issued on Monday was brief.",
     [], ["that he issued on Monday was brief"]),
    ("reportedly-stays-a-hedged-statement",
     "Israel reportedly coordinates its strikes with Russia.",
     [], ["Israel reportedly coordinates its strikes with Russia"]),
    ("appeared-in-is-not-evidential",
     "The crowd appeared in good spirits.",
     [], ["The crowd appeared in good spirits"]),
    ("colon-introduced-statement-next-paragraph",
     "Republican presidential nominee Donald Trump issued the following statement:\n\n“Our prayers are with all those affected.”",
     [("direct", "“Our prayers are with all those affected.”", "Donald Trump")], []),
    ("colon-without-a-person-stays-unattributed",
     "Wait, it gets better:\n\n“By law, the president sets the maximum number of refugees.”",
     [("direct", "“By law, the president sets the maximum number of refugees.”", "")], []),
    ("dash-signed-quote-paragraph",
     "“I will look into it. I don’t know the status.”\n\n- Hillary Clinton.",
     [("direct", "“I will look into it. I don’t know the status.”", "Hillary Clinton")], []),
    ("inverted-said-after-words-following-the-quote",
     "“Many would consider that an embarrassment” if she lost, said David Wasserman, an analyst.",
     [("direct", "“Many would consider that an embarrassment”", "David Wasserman")], []),
    ("document-subject-read",
     "“Friend, let me be blunt. I can beat Hillary Clinton,” the email read.",
     [("direct", "“Friend, let me be blunt. I can beat Hillary Clinton,”", "the email")], []),
    ("inverted-said-former-title",
     "“The first line of defense is within the community,” said former Gov. Howard Dean.",
     [("direct", "“The first line of defense is within the community,”", "Howard Dean")], []),
    ("pre-comma-long-appositive-subject",
     "James Lewis, a former government cybersecurity expert, said, “If she used it in Russia, they picked it up.”",
     [("direct", "“If she used it in Russia, they picked it up.”", "James Lewis")], []),
    ("inverted-any-past-verb",
     "“What sport is he talking about?” reacted Trump.",
     [("direct", "“What sport is he talking about?”", "Trump")], []),
    ("book-title-not-a-quote",
     "He wrote a book called “The Art of the Deal” in 1987.",
     [], ["“The Art of the Deal”"]),
]


@pytest.mark.parametrize(("text", "expected", "negatives"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_hard_case(text: str, expected: list[tuple[str, str, str]], negatives: list[str]) -> None:
    items = segment(text, statements=False)
    got = [(it.kind, it.text, it.speaker if it.speaker_type != "unknown" or not it.speaker_start else text[it.speaker_start:it.speaker_end]) for it in items]
    for kind, exact, speaker in expected:
        match = [g for g in got if g[0] == kind and g[1] == exact]
        assert match, f"missing {kind} {exact!r}; got {got}"
        spk = match[0][2]
        assert spk == speaker or speaker in spk, f"speaker of {exact!r}: {spk!r} != {speaker!r}"
    for neg in negatives:
        assert all(it.text != neg for it in items), f"{neg!r} must not be an item"
    for it in items:
        assert text[it.start:it.end] == it.text


def test_splitter_traps() -> None:
    text = "Since the attack on Oct. 7, Russia has called for a ceasefire. The U.S., Britain and France voted against it.\nHeadline with no period"
    spans = sentences(text)
    got = [text[s:e] for s, e in spans]
    assert got == [
        "Since the attack on Oct. 7, Russia has called for a ceasefire.",
        "The U.S., Britain and France voted against it.",
        "Headline with no period",
    ]


def test_belief_is_never_a_quote_kind() -> None:
    from factcheck.segment import QUOTE_KINDS

    items = segment("The minister believes the deal is dead. She wants to renegotiate the tariffs.", statements=False)
    assert items and all(it.kind == "belief" for it in items)
    assert "belief" not in QUOTE_KINDS


def test_boilerplate_never_becomes_a_statement() -> None:
    text = "The council met on Monday and approved the budget of $4 million.\n\nStory continues below advertisement\n\nREAD MORE: Council approves budget"
    items = segment(text)
    assert all("advertisement" not in it.text and "READ MORE" not in it.text for it in items)
    assert all(text[it.start:it.end] == it.text for it in items)


def test_speech_act_without_content_is_optional() -> None:
    items = segment("Russia condemned the violence on both sides.", statements=False)
    assert all(it.kind in ("indirect",) for it in items)
