"""Typing a source mention: person, organization, government, media, anonymous, document."""
from __future__ import annotations

import re

from .cues import ANONYMOUS_HEADS

DOCUMENT_HEADS = frozenset("""
report reports letter letters document documents memo memos statement statements study studies survey
surveys poll polls filing filings ruling complaint lawsuit record records minutes data email emails
transcript transcripts analysis book article post tweet tweets video footage release audit review
indictment affidavit cable cables paper papers note notes text texts message messages manifesto
budget plan proposal bill
""".split())

# "the paper" is media; "the papers"/"documents" are documents (checked before this list)
MEDIA_WORDS = frozenset("""
newspaper paper daily tabloid magazine outlet network broadcaster television tv radio channel
station wire times post journal herald gazette tribune guardian telegraph independent
observer chronicle courier examiner inquirer globe sun mirror express mail star news press
meridian reuters bloomberg cnn bbc msnbc npr pbs nbc cbs abc fox politico axios afp ap breitbart
huffpost huffington vox slate atlantic newsweek economist spiegel monde pravda izvestia xinhua tass
ria rt sputnik al-jazeera aljazeera jazeera cctv cgtn yonhap kyodo nhk
""".split())
MEDIA_PHRASES = re.compile(
    r"\b(state (?:television|tv|media|radio|news agency)|news agency|the paper|the newspaper|"
    r"associated press|wall street journal|new york times|washington post|financial times|"
    r"usa today|daily \w+|\w+ (?:times|post|herald|gazette|tribune|journal|news)|"
    r"(?:the|mainstream|national|foreign|local|western|liberal|corporate|news|legacy) (?:press|media))\b",
    re.I,
)
GOVERNMENT_WORDS = frozenset("""
government ministry ministries department administration council agency police office court courts
parliament congress senate house kremlin authority authorities committee commission embassy military
army navy pentagon prosecutor prosecutors cabinet state municipality city county regulator regulators
cabinet presidency chancellery bureau fbi cia nsa dhs doj epa treasury
""".split())
ORG_WORDS = frozenset("""
union company corporation firm party campaign group association federation foundation institute
university coalition bank committee club church charity organization organisation team council
""".split())
ROLE_WORDS = frozenset("""
spokeswoman spokesman spokesperson minister president senator governor mayor leader chairman
chairwoman chair director chief official officer secretary ambassador farmer resident residents
worker workers analyst expert professor lawyer attorney adviser advisor aide candidate nominee
manager ceo founder member members representative rep sen gov judge economist scientist doctor
""".split())
FEMALE = frozenset("she her herself spokeswoman chairwoman woman mrs ms mrs. ms. congresswoman businesswoman".split())
MALE = frozenset("he him himself his spokesman chairman man mr mr. congressman businessman".split())
PERSON_PRONOUNS = frozenset("he she him her i me we us".split())
GROUP_PRONOUNS = frozenset("they them".split())


def source_type(words: list[str], has_name: bool, ner_label: str | None, head: str) -> str:
    """The type of a source mention from its words (lower-cased), head noun and NER label."""
    joined = " ".join(words)
    head = head.lower()
    if head in PERSON_PRONOUNS:
        return "person"
    if MEDIA_PHRASES.search(joined) or head in MEDIA_WORDS and head not in ("post", "press", "news") or (
        has_name and any(w in MEDIA_WORDS for w in words) and head not in ROLE_WORDS
    ):
        if head not in DOCUMENT_HEADS or head == "paper":
            return "media"
    if not has_name and (head in ANONYMOUS_HEADS or "anonymity" in joined or "familiar with" in joined):
        return "anonymous"
    if head in DOCUMENT_HEADS and head != "paper":
        return "document"
    if ner_label == "PERSON" or has_name and head not in GOVERNMENT_WORDS | ORG_WORDS and ner_label not in ("ORG", "GPE", "NORP"):
        return "person"
    if head in GOVERNMENT_WORDS or ner_label == "GPE" or any(w in ("government", "ministry", "white", "kremlin") for w in words):
        return "government"
    if ner_label in ("ORG", "NORP") or head in ORG_WORDS:
        return "organization"
    if head in ROLE_WORDS:
        # an unnamed role: "an agency spokesman" speaks for an institution; "a farmer" is a person
        if any(w in GOVERNMENT_WORDS for w in words[:-1]):
            return "government"
        return "person"
    return "unknown"


# Common first names, to keep "she" from taking a man named just before (and "he" a woman).
FEMALE_NAMES = frozenset("""
mary patricia jennifer linda elizabeth barbara susan jessica sarah karen nancy lisa betty margaret sandra
ashley kimberly emily donna michelle carol amanda melissa deborah stephanie rebecca laura sharon cynthia
kathleen amy angela shirley anna brenda pamela emma nicole helen samantha katherine christine debra rachel
carolyn janet catherine maria heather diane julie joyce victoria kelly christina lauren joan evelyn olivia
judith megan cheryl martha andrea frances hannah jacqueline ann gloria jean kathryn alice teresa sara janice
doris madison julia grace judy abigail marie denise beverly amber theresa marilyn danielle diana brittany
natalie sophia rose isabella alexis kayla charlotte hillary nancy clara ingrid greta angela ursula theresa
marine kamala elena olga natasha svetlana yulia irina fatima aisha mei yuki priya sonia hana anne
""".split())
MALE_NAMES = frozenset("""
james robert john michael david william richard joseph thomas charles christopher daniel matthew anthony
mark donald steven paul andrew joshua kenneth kevin brian george timothy ronald edward jason jeffrey ryan
jacob gary nicholas eric jonathan stephen larry justin scott brandon benjamin samuel gregory alexander frank
patrick raymond jack dennis jerry tyler aaron jose adam nathan henry douglas zachary peter kyle ethan walter
noah jeremy christian keith roger terry gerald harold sean austin carl arthur lawrence dylan jesse jordan
bryan billy joe bruce gabriel logan albert willie alan juan wayne elijah randy roy vincent ralph eugene
russell bobby mason philip louis barack bernie mitch ted vladimir emmanuel olaf boris xi narendra recep
otto lars sam hans ivan sergei dmitry ali mohammed ahmed hassan omar ben tom tim jim bill mike dave
""".split())


def gender(words: list[str]) -> str | None:
    """"f", "m" or None, from gendered words first ("spokeswoman", "Mr."), then first names."""
    ws = {w.lower() for w in words}
    for marked, g in ((FEMALE, "f"), (MALE, "m")):
        if ws & marked:
            return g
    f, m = bool(ws & FEMALE_NAMES), bool(ws & MALE_NAMES)
    if f != m:
        return "f" if f else "m"
    return None
