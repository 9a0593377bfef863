"""Cue lexicons: the words news uses to introduce what someone says, thinks or denies."""
from __future__ import annotations

# Verbs of saying and reporting (lemmas). PolNeAR counts all of these as cues.
SPEECH_VERBS = frozenset("""
say tell add state claim report write announce explain note argue insist warn declare assert
acknowledge admit confirm reply respond answer ask suggest comment remark recall predict promise
vow pledge allege accuse charge contend maintain concede complain boast joke tweet post testify
reveal disclose indicate emphasize emphasise stress urge describe characterize characterise praise
criticize criticise attack blast slam dismiss reject question wonder estimate conclude signal hint
caution counter retort quip shout yell whisper mutter observe mention repeat reiterate affirm
proclaim forecast project calculate speculate theorize propose recommend advise demand request
plead lament grant agree disagree dispute refute rebut contradict challenge inform notify brief
assure reassure remind cite quote summarize summarise outline detail depict portray label brand dub
term call decry denounce condemn applaud hail welcome lambast blame credit thank apologize apologise
tout insinuate imply acknowledge recount relate narrate concur echo argue rule find show learn
hear read announce testify confide swear vow threaten guarantee predict concede reason
emphasise underscore underline highlight stipulate specify allege deny
""".split())

# Verbs of attitude and intention (PolNeAR annotates these too: X believes, fears, wants).
ATTITUDE_VERBS = frozenset("""
believe think feel fear worry hope want wish expect suspect know understand assume presume consider
doubt reckon figure guess imagine suppose trust plan intend prefer realize realise recognize recognise
decide vow regret
""".split())

# What an outlet does to a story in print, beside the verbs of saying ("was treated very
# differently by PolitiFact"): cues only with an outlet as the source.
PUBLICATION_VERBS = frozenset("""
publish print air broadcast cover rate treat run profile feature endorse back unearth examine release obtain
""".split())

# Cues whose attribution is a denial or a non-confirmation.
DENIAL_VERBS = frozenset("deny refute dispute reject rebut contradict".split())
NON_CONFIRM_VERBS = frozenset("confirm comment say".split())  # with a negation or "declined to"
DECLINE_VERBS = frozenset("decline refuse".split())

# Verbs that are cues only with a clausal complement (too common otherwise).
CLAUSE_ONLY = frozenset("""
know find show learn hear read feel understand see note add think figure rule recall consider
realize realise recognize recognise decide indicate signal mean suggest
""".split())

# Nouns that introduce content: "X's claim that …", "in X's view", "the statement by X".
CUE_NOUNS = frozenset("""
claim statement assertion allegation view belief argument suggestion warning promise report comment
remark accusation denial admission insistence assurance contention opinion fear hope concern
announcement testimony charge prediction estimate assessment conclusion finding position pledge
""".split())

# Prepositional cues.
ACCORDING_TO = ("according", "to")

# Sources that hide who speaks.
ANONYMOUS_HEADS = frozenset("""
source sources official officials aide aides person people insider insiders observer observers
someone critic critics analyst analysts expert experts diplomat diplomats
""".split())

# Speech verbs whose noun object can be the content ("denied the report", "praised X as Y").
OBJECT_CONTENT = frozenset("""
say deny confirm dismiss reject praise criticize criticise describe accuse blame question dispute
announce predict call characterize characterise label brand dub term decry denounce condemn applaud
hail welcome lambast slam blast attack refute rebut contradict acknowledge admit allege claim
want fear expect propose recommend demand urge cite
""".split())
