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
    r"usa today|daily \w+|\w+ (?:times|post|herald|gazette|tribune|journal|news))\b",
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


def gender(words: list[str]) -> str | None:
    ws = {w.lower() for w in words}
    if ws & FEMALE:
        return "f"
    if ws & MALE:
        return "m"
    return None
