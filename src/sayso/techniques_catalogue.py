"""The 14 persuasion techniques sayso marks, with a short definition of each (written for
sayso). ``name`` is spelled exactly as the SemEval-2020 Task 11 technique list spells it, so
any tool of that task reads sayso's output; ``label`` is for people."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Technique:
    name: str
    label: str
    definition: str


CATALOGUE: tuple[Technique, ...] = (
    Technique(
        "Appeal_to_Authority", "Appeal to authority",
        "Treating a claim as settled because someone important or expert-sounding backs it, instead of "
        "showing the evidence. Citing experts is normal reporting; it becomes a technique when the standing "
        "of the speaker is offered as the reason to believe, when the authority is vague (\"scientists "
        "agree\"), speaks outside their field, or when the writer presents their own view as beyond question.",
    ),
    Technique(
        "Appeal_to_fear-prejudice", "Appeal to fear or prejudice",
        "Trying to win support by making the reader afraid of what will happen, or by playing on dislike "
        "of a group, rather than by arguing the case. Typical signs are vivid threats (\"they will take "
        "your homes\"), disaster scenarios with no evidence of their likelihood, and warnings that tie a "
        "danger to a nationality, religion or other group.",
    ),
    Technique(
        "Bandwagon,Reductio_ad_hitlerum", "Bandwagon / reductio ad Hitlerum",
        "Two shortcuts that replace an argument with a crowd. Bandwagon: everyone is already doing or "
        "believing it, so you should too (\"millions have already joined\"). Reductio ad Hitlerum: an idea "
        "must be bad because a hated person or group (Nazis, dictators, terrorists) held it or something "
        "like it.",
    ),
    Technique(
        "Black-and-White_Fallacy", "Black-and-white fallacy",
        "Presenting only two options as if no others existed, usually one clearly good and one clearly "
        "bad, so the reader feels forced to pick the writer's side (\"either you support this law or you "
        "support the criminals\"). It also covers dictating the only acceptable course of action.",
    ),
    Technique(
        "Causal_Oversimplification", "Causal oversimplification",
        "Blaming a complicated outcome on one single cause, or one culprit, when several factors are "
        "involved; or claiming that because one event followed another, the first caused the second. "
        "It makes a problem look simple to fix or someone simple to blame.",
    ),
    Technique(
        "Doubt", "Doubt",
        "Undermining the credibility of a person, group or institution by raising questions or insinuations "
        "about their honesty, motives or competence, without showing that the suspicion is founded "
        "(\"is he really fit to lead?\", \"what are they hiding?\").",
    ),
    Technique(
        "Exaggeration,Minimisation", "Exaggeration or minimisation",
        "Making something look much bigger, better or worse than it is (\"the greatest disaster in "
        "history\"), or much smaller and less important than it is (\"just a few mistakes\"), so that the "
        "reader's judgement follows the inflated or shrunken picture instead of the facts.",
    ),
    Technique(
        "Flag-Waving", "Flag-waving",
        "Justifying or promoting an idea by appealing to patriotism or to the pride of a group (a nation, "
        "a party, a faith, a race): supporting it is presented as what loyal members do, opposing it as a "
        "betrayal (\"real Americans stand with our troops\").",
    ),
    Technique(
        "Loaded_Language", "Loaded language",
        "Choosing words and phrases for their emotional charge rather than their precise meaning, to make "
        "the reader feel something about the subject: \"slaughter\" for killing, \"invasion\" for arrivals, "
        "\"heroic\", \"disgusting\", \"radical\". The facts may be the same; the colouring does the persuading.",
    ),
    Technique(
        "Name_Calling,Labeling", "Name calling or labelling",
        "Attaching a label to a person or group that the audience already fears, hates or admires, so the "
        "label does the work of an argument (\"traitors\", \"globalists\", \"crooked\", \"so-called experts\"). "
        "The label sticks to the target whether or not anything is shown about them.",
    ),
    Technique(
        "Repetition", "Repetition",
        "Saying the same word, phrase or message again and again in the same text so that it sticks and "
        "starts to feel true or important through familiarity rather than through evidence.",
    ),
    Technique(
        "Slogans", "Slogans",
        "A short, catchy phrase that packs a position into a memorable formula, often a call to action or a "
        "label for a cause (\"Build the wall\", \"Lock her up\", \"No justice, no peace\"). It invites the reader "
        "to repeat rather than to think.",
    ),
    Technique(
        "Thought-terminating_Cliches", "Thought-terminating cliché",
        "A stock phrase that shuts down discussion by making further thought seem pointless "
        "(\"it is what it is\", \"that's just the way things are\", \"enough said\", \"the rest is history\"). "
        "It sounds like a conclusion but skips the reasoning.",
    ),
    Technique(
        "Whataboutism,Straw_Men,Red_Herring", "Whataboutism, straw man or red herring",
        "Ways of dodging the point. Whataboutism answers a criticism by accusing the critic of something "
        "else (\"what about your side?\"). A straw man replaces the opponent's real position with a weaker, "
        "distorted one and attacks that. A red herring brings in an unrelated topic to pull attention away "
        "from the issue at hand.",
    ),
)

NAMES: tuple[str, ...] = tuple(t.name for t in CATALOGUE)
BY_NAME: dict[str, Technique] = {t.name: t for t in CATALOGUE}


def label(name: str) -> str:
    t = BY_NAME.get(name)
    return t.label if t else name.replace("_", " ")


def definition(name: str) -> str:
    t = BY_NAME.get(name)
    return t.definition if t else ""
