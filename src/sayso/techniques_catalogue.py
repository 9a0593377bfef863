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


# Lexical cues per technique: regular expressions (matched on lower-cased text, word
# boundaries added) for words and phrases that often carry the technique. Written for sayso
# from the definitions above, not learnt from any corpus; the technique model reads whether a
# span, and the rest of its sentence, hits each group, and learns how much each hit counts.
CUES: dict[str, tuple[str, ...]] = {
    "Appeal_to_Authority": (
        r"according to", r"said", r"says", r"told", r"declar\w*", r"stat(ed|es)", r"explain\w*", r"quot\w*",
        r"cit(ed|es|ing)", r"experts?", r"professor", r"dr", r"scientists?", r"stud(y|ies)", r"research\w*",
        r"reports?", r"reported", r"pope", r"bible", r"scriptures?", r"gospel", r"cardinal", r"bishop",
        r"archbishop", r"saint", r"officials?", r"confirm\w*", r"recommend\w*", r"wrote", r"writes", r"insists?",
        r"documented", r"teach\w*", r"doctrine", r"authorit\w*", r"god", r"christ", r"jesus", r"qur.an", r"koran",
    ),
    "Bandwagon,Reductio_ad_hitlerum": (
        r"everyone", r"everybody", r"all americans", r"millions", r"majority", r"most people", r"the people",
        r"join\w*", r"following", r"hitler", r"nazi\w*", r"fascis\w*", r"stalin\w*", r"communis\w*", r"soviets?",
        r"gestapo", r"kkk", r"klan", r"mafia", r"north korea", r"mao\w*", r"dictator\w*", r"holocaust",
        r"vichy", r"totalitarian", r"third reich", r"like the men who",
    ),
    "Whataboutism,Straw_Men,Red_Herring": (
        r"what about", r"what if", r"compar\w*", r"just as", r"whereas", r"instead", r"hypocri\w*",
        r"double standards?", r"small potatoes", r"what happened to", r"focus on", r"worse", r"as bad",
        r"the same", r"meanwhile", r"but what", r"while",
    ),
    "Black-and-White_Fallacy": (
        r"either", r"neither", r"only", r"no other", r"must", r"never", r"always", r"there is no",
        r"no choice", r"unless", r"or else", r"impossible", r"cannot", r"can't", r"no alternative",
        r"if we", r"if you", r"otherwise", r"no way", r"nothing but", r"the only",
    ),
    "Causal_Oversimplification": (
        r"because", r"led to", r"leads? to", r"caus\w*", r"result\w*", r"due to", r"thanks to", r"blam\w*",
        r"responsib\w*", r"so that", r"therefore", r"in order to", r"giving rise", r"gave rise", r"since",
        r"consequen\w*", r"that's why", r"which is why", r"orchestrat\w*", r"behind", r"fault", r"so",
    ),
    "Appeal_to_fear-prejudice": (
        r"threat\w*", r"danger\w*", r"destro\w*", r"kill\w*", r"terror\w*", r"war", r"wars", r"crisis",
        r"disaster\w*", r"attack\w*", r"invasion", r"invad\w*", r"death", r"die", r"dying", r"fear\w*",
        r"nightmares?", r"violen\w*", r"crimes?", r"criminals?", r"murder\w*", r"rape\w*", r"plague",
        r"outbreak", r"overrun", r"warn\w*", r"alarm\w*", r"risks?", r"catastroph\w*", r"collapse",
        r"chaos", r"jihad\w*", r"extermin\w*", r"annihilat\w*", r"lose", r"losing",
    ),
    "Thought-terminating_Cliches": (
        r"so be it", r"it is what it is", r"enough", r"period", r"that's it", r"no turning back",
        r"no going back", r"simple", r"bottom line", r"end of story", r"who am i", r"that's what",
        r"what it is", r"wait", r"move on", r"fine", r"the way it is", r"so what", r"that's all",
    ),
    "Doubt": (
        r"allegedly", r"alleged", r"so-called", r"claims?", r"claimed", r"whether", r"really", r"supposed\w*",
        r"questionabl\w*", r"doubt\w*", r"suspicious", r"credib\w*", r"hid\w*", r"why would", r"seems?",
        r"apparently", r"if true", r"no evidence", r"how can",
    ),
    "Exaggeration,Minimisation": (
        r"ever", r"never", r"all", r"every", r"biggest", r"worst", r"best", r"greatest", r"entire\w*",
        r"total\w*", r"absolute\w*", r"complete\w*", r"nothing", r"everything", r"huge", r"massive",
        r"tremendous", r"unprecedented", r"only a few", r"just a", r"billions", r"mere\w*", r"little",
        r"\w+est",
    ),
    "Flag-Waving": (
        r"america\w*", r"nation\w*", r"country", r"patriot\w*", r"our", r"we", r"flag", r"homeland",
        r"sovereign\w*", r"citizens", r"freedom", r"constitution\w*", r"troops", r"great again",
        r"first", r"us", r"western", r"civili[sz]ation", r"catholics?", r"jews", r"jewish", r"israel\w*",
    ),
    "Slogans": (
        r"make \w+ great", r"lock (her|him|them) up", r"build the wall", r"no justice", r"drain the swamp",
        r"fake news", r"stand with", r"never again", r"#\w+", r"now",
    ),
    "Name_Calling,Labeling": (
        r"lefti\w*", r"liberals?", r"radical\w*", r"extremis\w*", r"traitors?", r"globalis\w*", r"so-called",
        r"crooked", r"regime", r"thugs?", r"idiots?", r"fake", r"elites?", r"establishment", r"mob",
        r"terrorists?", r"racis\w*", r"bigot\w*", r"witch hunt", r"deep state", r"islamis\w*", r"heretic\w*",
    ),
    "Loaded_Language": (
        r"outrag\w*", r"disgrac\w*", r"shameful", r"horrif\w*", r"evil", r"vicious", r"brutal\w*",
        r"slaughter\w*", r"scandal\w*", r"despicable", r"disgust\w*", r"absurd", r"ridiculous", r"insan\w*",
        r"massacre\w*", r"smear\w*", r"assault\w*", r"destroy\w*", r"heroic", r"hysteri\w*",
    ),
    "Repetition": (),
}
