"""Word lists for the segmenter: speech/attitude cues, titles, pronouns and speaker-type hints."""

from __future__ import annotations


def _forms(*bases: str) -> dict[str, str]:
    """Map every inflected form of each ``lemma:past:pres3:ing`` spec to its lemma."""
    out: dict[str, str] = {}
    for spec in bases:
        parts = spec.split(":")
        lemma = parts[0]
        if len(parts) == 1:
            stem = lemma[:-1] if lemma.endswith("e") else lemma
            past = lemma + "d" if lemma.endswith("e") else lemma + "ed"
            pres = lemma + "es" if lemma.endswith(("s", "sh", "ch", "x")) else lemma + "s"
            forms = [lemma, past, pres, stem + "ing"]
        else:
            forms = [lemma, *parts[1:]]
        for form in forms:
            out[form] = lemma
    return out


# Verbs of saying: strong cues for both direct quotes and reported speech.
SPEECH_VERBS: dict[str, str] = _forms(
    "say:said:says:saying", "tell:told:tells:telling", "add", "state", "write:wrote:writes:writing:written",
    "warn", "declare", "announce", "explain", "note", "argue", "insist", "claim", "assert",
    "acknowledge", "admit:admitted:admits:admitting", "ask", "reply:replied:replies:replying",
    "respond", "answer", "continue", "recall", "predict", "promise", "vow", "pledge", "stress",
    "emphasize", "tweet", "report", "confirm", "deny:denied:denies:denying", "suggest", "observe",
    "remark", "comment", "complain", "conclude", "concede", "contend", "maintain", "mention",
    "point:pointed:points:pointing", "reiterate", "repeat", "testify:testified:testifies:testifying",
    "urge", "boast", "joke", "quip:quipped:quips:quipping", "shout", "yell", "scream", "cry:cried:cries:crying",
    "whisper", "muse", "lament", "charge", "allege", "counter", "retort", "caution", "disclose",
    "reveal", "indicate", "inform", "assure", "tout", "proclaim", "speculate", "estimate",
    "predict", "threaten", "recount", "elaborate", "describe", "characterize", "demand",
    "post", "exclaim", "interject", "opine", "posit", "propose", "clarify:clarified:clarifies:clarifying",
    "specify:specified:specifies:specifying", "guarantee", "brag:bragged:brags:bragging",
    "sigh", "chide", "scoff", "snap:snapped:snaps:snapping", "rule", "find:found:finds:finding",
    "show:showed:shows:showing:shown", "read:read:reads:reading", "accuse", "call:called:calls:calling",
    "criticize", "blame", "condemn", "praise", "dismiss", "reject", "question",
)

# Verbs of belief and intention (PolNeAR annotates these as attributions too).
ATTITUDE_VERBS: dict[str, str] = _forms(
    "think:thought:thinks:thinking", "believe", "feel:felt:feels:feeling", "hope", "fear",
    "expect", "know:knew:knows:knowing:known", "worry:worried:worries:worrying", "doubt", "suspect",
    "want", "wish", "agree", "recognize", "understand:understood:understands:understanding",
    "assume", "guess:guessed:guesses:guessing", "realize", "figure", "bet:bet:bets:betting",
    "plan:planned:plans:planning", "intend", "hint", "imply:implied:implies:implying",
    "worry", "see:saw:sees:seeing:seen", "consider", "decide", "learn", "determine",
)

# Cue classes (what kind of item a cue makes):
# - speech (SPEECH_VERBS): the source said or wrote something -> ``direct``/``partial``/``indirect``.
#     "Trump said the wall will be built", "the ministry announced that …", "she tweeted …"
# - belief (BELIEF_VERBS): a thought, intention or attitude of the source -> ``belief``, never a quote.
#     "Trump thinks the wall will be built", "the party plans to …", "she hopes that …", "he fears …"
# - evidential ("seems", "appears", "is expected to"): the writer hedges; with no source it is no
#     attribution at all (an author statement), with a person before it ("Trump seems to think …") a belief.
# Attitude verbs that are really ways of communicating stay speech: "hinted that", "implied that".
SPEECH_LIKE_ATTITUDES: frozenset[str] = frozenset(
    {"hint", "hinted", "hints", "hinting", "imply", "implied", "implies", "implying"}
)
BELIEF_VERBS: frozenset[str] = frozenset(ATTITUDE_VERBS) - SPEECH_LIKE_ATTITUDES

# Nouns that head a belief rather than speech (``his hopes that …``, ``fears that …``).
BELIEF_NOUNS: frozenset[str] = frozenset({"hopes", "fears", "fear", "concern", "concerns", "belief", "confidence"})

# Heads of market-report subjects: "stocks added 10 points" is a price move, not speech.
MARKET_HEADS: frozenset[str] = frozenset(
    {"stocks", "stock", "shares", "share", "index", "indexes", "indices", "dollar", "loonie", "markets",
     "market", "prices", "price", "bonds", "bond", "yields", "yield", "futures", "treasury", "treasuries",
     "tsx", "dow", "nasdaq", "s&p", "oil", "crude", "gold", "benchmark", "composite", "average", "euro",
     "yen", "peso", "currency", "sales", "production", "output", "exports", "imports", "earnings"}
)

# Cues that can stand between a quote and a speaker without "that" (``, X said.`` / ``X said:``).
QUOTE_CUES: frozenset[str] = frozenset(SPEECH_VERBS) - frozenset(
    {"find", "found", "finds", "finding", "show", "showed", "shows", "showing", "shown",
     "rule", "ruled", "rules", "ruling", "read", "reads", "reading", "call", "calls",
     "called", "calling", "accuse", "accused", "accuses", "accusing", "criticize",
     "criticized", "criticizes", "criticizing", "blame", "blamed", "blames", "blaming",
     "condemn", "condemned", "condemns", "condemning", "praise", "praised", "praises",
     "praising", "dismiss", "dismissed", "dismisses", "dismissing", "reject", "rejected",
     "rejects", "rejecting", "question", "questioned", "questions", "questioning", "describe",
     "described", "describes", "describing", "characterize", "characterized",
     "characterizes", "characterizing", "post", "posts", "posting", "demand", "demands",
     "demanding", "point", "points", "pointing", "charge", "charges", "charging"}
)

# Verbs that take a complement clause for reported speech: ``X VERB (that) CLAUSE``.
CLAUSE_CUES: frozenset[str] = (
    frozenset(SPEECH_VERBS)
    - frozenset({"call", "calls", "called", "calling", "praise", "praised", "praises", "praising",
                 "condemn", "condemned", "condemns", "condemning", "criticize", "criticized",
                 "criticizes", "criticizing", "post", "posted", "posts", "posting", "read",
                 "reads", "reading", "describe", "described", "describes", "describing",
                 "dismiss", "dismissed", "dismisses", "dismissing", "reject", "rejected",
                 "rejects", "rejecting", "blame", "blamed", "blames", "blaming", "accuse",
                 "accused", "accuses", "accusing", "question", "questions", "questioning",
                 "tout", "touted", "touts", "touting", "rule", "rules", "ruling",
                 "characterize", "characterized", "characterizes", "characterizing"})
)

# Verbs whose object PolNeAR marks as an attribution's content (``X endorsed [Cruz]``,
# ``X called for [a ban]``). Derived from PolNeAR *train* cue spans (`bench/quote_errors.py --mine`):
# verb forms inside a gold cue in >= 45 % of their train occurrences and at least 6 times, plus the
# speech verbs above that take an object rather than a clause; inflections added by ``_forms``.
OBJECT_CUES: frozenset[str] = frozenset(_forms(
    "endorse", "decline", "express", "defend", "cite", "attack", "blast", "denounce", "refuse",
    "offer:offered:offers:offering", "seek:sought:seeks:seeking", "support", "oppose", "refer:referred:refers:referring",
    "talk", "discuss", "mock", "slam:slammed:slams:slamming", "echo:echoed:echoes:echoing", "order",
    "name", "list", "challenge", "nominate", "deem", "remind", "voice", "portray", "request", "decry:decried:decries:decrying",
    "highlight", "rail", "thank", "plead", "signal:signaled:signals:signaling", "forecast", "project",
    "recommend", "champion", "retweet", "liken", "invoke", "applaud", "assail", "reference",
    "bemoan", "sound", "chant", "email", "push:pushed:pushes:pushing", "press:pressed:presses:pressing",
    "call:called:calls:calling", "criticize", "accuse", "describe", "praise", "condemn", "reject",
    "dismiss", "blame", "question", "characterize", "tout", "demand",
)) - frozenset({"sound", "sounds", "list", "lists", "name", "names", "order", "orders", "project",
                "projects", "email", "emails", "reference", "references", "forecast", "forecasts",
                "question", "questions", "offer", "offers", "talk", "talks", "support", "demand",
                "demands", "push", "press", "attack", "attacks", "call", "calls", "signal", "signals",
                "champion", "champions", "voice", "voices", "request", "requests", "challenge",
                "challenges", "blast", "blasts", "echo", "echoes", "plead", "remind", "rail", "rails"})

# Objects after ``told``/``informed``: the verb takes an addressee before the content.
ADDRESSEE_VERBS: frozenset[str] = frozenset(
    {"tell", "told", "tells", "telling", "inform", "informed", "informs", "informing", "assure",
     "assured", "assures", "assuring", "warn", "warned", "warns", "warning", "remind",
     "reminded", "reminds", "reminding", "promise", "promised", "promises", "promising",
     "urge", "urged", "urges", "urging", "ask", "asked", "asks", "asking", "caution",
     "cautioned", "cautions", "cautioning", "guarantee", "guaranteed", "guarantees"}
)

PRONOUNS: dict[str, str] = {
    "he": "m", "she": "f", "they": "p", "i": "s", "we": "p", "it": "n", "who": "r",
    "him": "m", "her": "f", "them": "p", "you": "s",
}
SUBJECT_PRONOUNS: frozenset[str] = frozenset({"he", "she", "they", "i", "we", "it", "who", "you"})

TITLES: frozenset[str] = frozenset(
    w.lower() for w in ["President", "Vice", "Prime", "Minister", "Premier", "Chancellor", "Secretary", "Senator", "Sen.", "Sens.", "Rep.", "Reps.", "Representative", "Congressman", "Congresswoman", "Gov.", "Governor", "Lt.", "Lieutenant", "Gen.", "General", "Adm.", "Admiral", "Col.", "Colonel", "Maj.", "Major", "Capt.", "Captain", "Sgt.", "Mr.", "Mrs.", "Ms.", "Miss", "Dr.", "Prof.", "Professor", "Judge", "Justice", "Chief", "Ambassador", "Mayor", "King", "Queen", "Prince", "Princess", "Pope", "Rev.", "Reverend", "Father", "Sister", "Brother", "Speaker", "Leader", "Minority", "Majority", "Whip", "Attorney", "Deputy", "Acting", "Former", "former", "Foreign", "Defense", "Defence", "Interior", "Finance", "State", "Health", "Commerce", "Trade", "Economy", "Labor", "Spokesman", "Spokeswoman", "Spokesperson", "Press", "Director", "Commissioner", "Chairman", "Chairwoman", "Chair", "CEO", "Founder", "Candidate", "Nominee", "Sheriff", "Officer", "Detective", "Councilman", "Councilwoman", "Supreme", "Deputy", "Assistant", "Special", "Counsel", "Gov", "Sen", "Rep", "Dr", "Mr", "Mrs", "Ms", "Pres.", "Presidential", "Republican", "Democratic", "Democrat", "GOP", "Independent", "Sir", "Dame", "Lord", "Lady", "Sheikh", "Ayatollah", "Emir", "Crown", "Supreme", "Grand", "Senior", "Junior", "Army", "Navy", "Air", "Force", "National", "Security", "Adviser", "Advisor", "Homeland", "Treasury", "Education", "Energy", "Transportation", "Agriculture", "Veterans", "Affairs", "Ex-President"]
) | frozenset({"sen", "sens", "rep", "reps", "gov", "lt", "gen", "adm", "col", "maj", "capt",
               "sgt", "mr", "mrs", "ms", "dr", "prof", "rev", "pres"})

COUNTRIES: frozenset[str] = frozenset(
    ["Afghanistan", "Albania", "Algeria", "Argentina", "Armenia", "Australia", "Austria", "Azerbaijan", "Bahrain", "Bangladesh", "Belarus", "Belgium", "Bolivia", "Bosnia", "Brazil", "Britain", "Bulgaria", "Cambodia", "Cameroon", "Canada", "Chad", "Chile", "China", "Colombia", "Croatia", "Cuba", "Cyprus", "Czechia", "Denmark", "Ecuador", "Egypt", "England", "Eritrea", "Estonia", "Ethiopia", "Finland", "France", "Gabon", "Georgia", "Germany", "Ghana", "Greece", "Guatemala", "Haiti", "Honduras", "Hungary", "Iceland", "India", "Indonesia", "Iran", "Iraq", "Ireland", "Israel", "Italy", "Japan", "Jordan", "Kazakhstan", "Kenya", "Kosovo", "Kuwait", "Kyrgyzstan", "Laos", "Latvia", "Lebanon", "Libya", "Lithuania", "Luxembourg", "Malaysia", "Mali", "Malta", "Mexico", "Moldova", "Mongolia", "Montenegro", "Morocco", "Mozambique", "Myanmar", "Nepal", "Netherlands", "Nicaragua", "Niger", "Nigeria", "Norway", "Oman", "Pakistan", "Palestine", "Panama", "Paraguay", "Peru", "Philippines", "Poland", "Portugal", "Qatar", "Romania", "Russia", "Rwanda", "Scotland", "Senegal", "Serbia", "Singapore", "Slovakia", "Slovenia", "Somalia", "Spain", "Sudan", "Sweden", "Switzerland", "Syria", "Taiwan", "Tajikistan", "Tanzania", "Thailand", "Tunisia", "Turkey", "Turkmenistan", "Uganda", "Ukraine", "Uruguay", "Uzbekistan", "Venezuela", "Vietnam", "Wales", "Yemen", "Zambia", "Zimbabwe", "America", "Washington", "Moscow", "Beijing", "Tehran", "Kyiv", "Kiev", "Jerusalem", "Ankara", "Damascus", "Tokyo", "Paris", "London", "Berlin", "Pyongyang", "Seoul", "U.S.", "US", "USA", "U.K.", "UK", "EU", "U.S.A.", "Gaza"]
) | frozenset({"United States", "United Kingdom", "North Korea", "South Korea", "Saudi Arabia",
               "United Arab Emirates", "South Africa", "New Zealand", "European Union",
               "the United States", "the U.S.", "Ivory Coast", "Sri Lanka"})

# Head words that make a capitalised mention an organisation.
ORG_HEADS: frozenset[str] = frozenset(
    w.lower() for w in ["Kremlin", "Pentagon", "Congress", "Senate", "House", "Parliament", "Knesset", "Duma", "Ministry", "Department", "Council", "Committee", "Commission", "Agency", "Bureau", "Office", "Administration", "Party", "Campaign", "Court", "Corp.", "Inc.", "Co.", "Company", "Group", "University", "Institute", "Foundation", "Association", "Union", "League", "Network", "News", "Times", "Post", "Journal", "Tribune", "Herald", "Press", "Reuters", "AP", "CNN", "NBC", "ABC", "CBS", "Fox", "MSNBC", "BBC", "NPR", "PBS", "Politico", "Breitbart", "Bloomberg", "Forbes", "Gallup", "FBI", "CIA", "NSA", "DOJ", "NATO", "UN", "IDF", "Hamas", "Hezbollah", "Taliban", "Army", "Navy", "Police", "Government", "Cabinet", "Assembly", "Board", "Authority", "Service", "Services", "Center", "Centre", "Coalition", "Alliance", "Federation", "Fund", "Bank", "Reserve", "Fed", "Secretariat", "Caucus", "Organization", "Organisation", "Team", "Staff", "Initiative", "Project", "Council", "Tribunal", "Guard", "Forces", "Command", "Republicans", "Democrats", "GOP", "DNC", "RNC", "PAC", "SuperPAC", "Twitter", "Facebook", "Google", "Apple", "Microsoft", "Amazon", "Poll", "Quinnipiac", "Magazine", "Daily", "Gazette", "Observer", "Guardian", "Telegraph", "Economist", "Atlantic", "Hill", "Axios", "Monitor", "Kremlin", "Embassy", "Consulate", "Mission", "Secretariat", "Church", "Vatican", "Institute", "Lab", "Laboratory"]
)

# Head nouns of documents that can "say" things.
DOCUMENT_HEADS: frozenset[str] = frozenset(
    ["report", "resolution", "statement", "letter", "memo", "memorandum", "poll", "survey", "study", "document", "draft", "bill", "law", "filing", "complaint", "lawsuit", "indictment", "ruling", "decision", "order", "email", "e-mail", "tweet", "post", "release", "transcript", "analysis", "audit", "review", "investigation", "article", "editorial", "op-ed", "book", "paper", "brief", "motion", "petition", "platform", "plan", "proposal", "agreement", "treaty", "declaration", "communique", "communiqué", "constitution", "amendment", "policy", "guidance", "guidelines", "rules", "data", "figures", "numbers", "estimates", "projections", "website", "message", "note", "video", "ad", "advertisement", "verdict", "opinion"]
)

# Plural or collective nouns for unnamed speakers.
GENERIC_HEADS: frozenset[str] = frozenset(
    ["officials", "official", "experts", "expert", "analysts", "analyst", "critics", "critic", "people", "sources", "source", "aides", "aide", "advisers", "adviser", "advisors", "advisor", "supporters", "supporter", "voters", "voter", "residents", "witnesses", "witness", "observers", "observer", "diplomats", "diplomat", "spokesman", "spokeswoman", "spokesperson", "representative", "representatives", "lawmakers", "lawmaker", "legislators", "legislator", "leaders", "leader", "members", "member", "activists", "activist", "protesters", "scientists", "researchers", "economists", "strategists", "strategist", "historians", "historian", "scholars", "scholar", "lawyers", "lawyer", "attorneys", "attorney", "doctors", "investigators", "prosecutors", "prosecutor", "authorities", "police", "military", "army", "government", "administration", "campaign", "ministry", "spokespeople", "allies", "ally", "opponents", "opponent", "candidates", "candidate", "delegates", "delegate", "donors", "donor", "republicans", "democrats", "conservatives", "liberals", "progressives", "pollsters", "pollster", "insiders", "insider", "staffers", "staffer", "aides", "someone", "many", "some", "others", "both", "most", "few", "several", "all", "person", "man", "woman", "women", "men", "officers", "officer", "soldiers", "americans", "citizens", "students", "workers", "parents", "teachers", "families", "journalist", "journalists", "reporters", "reporter", "editor", "editors", "writer", "author", "friend", "friends", "colleague", "colleagues", "senator", "senators", "congressman", "governor", "president", "minister", "secretary", "chairman", "director", "commissioner", "mayor", "judge", "justice", "leader", "official", "agent", "agents", "negotiators", "envoy", "envoys", "correspondent", "commentator", "commentators", "pundits", "pundit", "economist", "adviser", "aide", "manager", "chief", "chiefs", "head", "heads", "founder", "executive", "executives", "ceo", "owner", "organizers", "organizer"]
)

DETERMINERS: frozenset[str] = frozenset(
    ["the", "a", "an", "his", "her", "their", "its", "our", "my", "your", "this", "that", "these", "those", "some", "many", "several", "few", "both", "all", "most", "each", "every", "another", "other", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "one", "any", "no", "such"]
)

# Words that can sit between the speaker and the cue: ``X also/later/has said``.
CUE_ADVERBS: frozenset[str] = frozenset(
    ["also", "later", "then", "previously", "repeatedly", "once", "again", "still", "recently", "earlier", "initially", "originally", "first", "finally", "further", "privately", "publicly", "openly", "flatly", "bluntly", "angrily", "quietly", "simply", "frequently", "often", "has", "have", "had", "was", "were", "is", "are", "will", "would", "could", "should", "may", "might", "must", "did", "does", "do", "had", "already", "even", "never", "not", "just", "only", "now", "reportedly", "allegedly", "apparently", "has", "since", "soon", "subsequently", "separately", "personally"]
)

FEMALE_NAMES: frozenset[str] = frozenset(
    ["Hillary", "Sarah", "Nancy", "Elizabeth", "Kamala", "Michelle", "Melania", "Ivanka", "Kellyanne", "Nikki", "Carly", "Huma", "Donna", "Debbie", "Jill", "Susan", "Mary", "Anne", "Ann", "Angela", "Theresa", "Margaret", "Marine", "Ursula", "Jacinda", "Golda", "Condoleezza", "Madeleine", "Samantha", "Janet", "Loretta", "Sally", "Hope", "Sheryl", "Maria", "Karen", "Linda", "Barbara", "Patricia", "Jennifer", "Jessica", "Ashley", "Emily", "Laura", "Lisa", "Sandra", "Rachel", "Kate", "Katie", "Catherine", "Katherine", "Amy", "Megyn", "Martha", "Kirsten", "Claire", "Dianne", "Diane", "Heidi", "Tammy", "Lisa", "Joni", "Marsha", "Kelly", "Liz", "Maxine", "Ilhan", "Alexandria", "Rashida", "Tulsi", "Amy", "Marianne", "Stacey", "Gretchen", "Kristi", "Kristen", "Jeanne", "Jeanine", "Judith", "Joan", "Julia", "Julie", "Ruth", "Sonia", "Elena", "Tina", "Valerie", "Victoria", "Wendy", "Zoe", "Olivia", "Emma", "Sophia", "Isabella", "Hannah", "Grace", "Natalie", "Rebecca", "Deborah", "Dana", "Dorothy", "Helen", "Irene", "Janice", "Jane", "Joyce", "Lynn", "Marie", "Megan", "Monica", "Nicole", "Paula", "Rita", "Rose", "Sharon", "Stephanie", "Teresa", "Virginia", "Yvonne", "Alice", "Andrea", "Carol", "Cheryl", "Christine", "Cynthia", "Denise", "Diana", "Evelyn", "Frances", "Gloria", "Jacqueline", "Judy", "Kathleen", "Kathryn", "Lori", "Louise", "Marilyn", "Melissa", "Michele", "Pamela", "Shirley", "Suzanne", "Tamara", "Vanessa", "Yolanda", "Golda", "Benazir", "Indira", "Aung", "Tsai", "Sanna", "Liz", "Kirstjen", "Betsy", "Elaine", "Gina", "Penny", "Ellen", "Gwen", "Katrina", "Roxanne", "Omarosa", "Sheila", "Brenda"]
)

NATIONALITIES: frozenset[str] = frozenset(
    ["israeli", "russian", "american", "iranian", "syrian", "egyptian", "palestinian", "chinese", "french", "british", "german", "japanese", "ukrainian", "turkish", "saudi", "iraqi", "afghan", "pakistani", "indian", "mexican", "canadian", "korean", "italian", "spanish", "polish", "dutch", "swedish", "lebanese", "jordanian", "qatari", "emirati", "yemeni", "libyan", "cuban", "venezuelan", "brazilian", "argentine", "australian", "european", "western", "arab", "kurdish", "belarusian", "hungarian", "greek", "irish", "scottish", "welsh", "english", "nigerian", "kenyan", "ethiopian", "south", "north", "u.s", "us", "un", "nato", "eu", "republican", "democratic", "democrat", "gop", "then-president", "then-candidate", "then-secretary", "former", "incumbent", "outgoing", "late"]
)
ABBREVIATIONS: frozenset[str] = frozenset(
    ["mr", "mrs", "ms", "dr", "sen", "sens", "rep", "reps", "gov", "gen", "lt", "col", "maj", "capt", "sgt", "adm", "prof", "rev", "st", "jr", "sr", "u.s", "u.k", "d.c", "inc", "co", "corp", "no", "vs", "pres", "sec", "atty", "supt", "gov.-elect"]
)

# Nouns that head an attribution in PolNeAR train (``his claim that …``, ``criticism of …``), with the
# words after which their content starts; pairs cue in >= 0.44 of their train occurrences (>= 3 uses).
NOUN_CUES: dict[str, frozenset[str]] = {
    noun: frozenset(after.split()) for noun, after in {
        "hopes": "that to", "complaints": "that", "praise": "for", "warning": "that", "fears": "that",
        "fear": "that", "calls": "for", "concern": "that about", "concerns": "about", "criticism": "of for on over",
        "statement": "that on", "promises": "to", "promise": "to", "claims": "that", "suggestion": "that",
        "embrace": "of", "endorsement": "of", "assertion": "that", "vow": "to", "mention": "of",
        "defense": "of", "belief": "that", "questions": "about", "accusations": "of", "confidence": "that",
        "insistence": "that", "rejection": "of",
    }.items()
}
