"""Hand-built patterns behind `trainer.reading.acts`: general English phrasing, no corpus-specific words.

Every pattern runs on text that `trainer.reading.acts` has already normalised: lower case, straight apostrophes,
single spaces. Repeats are bounded or anchored, so a 10,000-character message still takes milliseconds.

The need/preference phrasing for interest probes was checked against CaSiNo's `elicit-pref` labels (Chawla et al.,
"CaSiNo: A Corpus of Campsite Negotiation Dialogues", NAACL 2021, CC BY 4.0); it names no campsite items on
purpose, so it carries over to any negotiation. The reflection stems are the textbook reflective-listening and
motivational-interviewing openers ("it sounds like", "so you", "part of you"), and the feeling, praise and advice
words are everyday English. Labelled emotional-support dialogues were used to measure and to read mistakes, not
to learn words or weights: nothing here is fitted to or copied from them. The spoken forms of reflection (a "you"
statement of their state, "your partner's worried", "and that stung") were checked against counselling sessions
written for this project (tests/reading/data).
"""

import re

# --- shared pieces ---------------------------------------------------------------------------------------------

YOU = r"(?:you|your|yours|yourself|you're|you've|you'd|you'll|u|ur|ya)"
_AUX = (
    r"(?:do|does|did|is|are|was|were|am|can|could|would|will|should|shall|may|might|must|have|has|had|"
    r"don't|doesn't|didn't|isn't|aren't|wasn't|weren't|can't|couldn't|wouldn't|won't|shouldn't|haven't|hasn't|"
    r"'s|'re|'d|'ll)"
)
WH = r"(?:what|what's|whats|how|how's|hows|why|which|who|who's|whom|whose|where|where's|when)"

SECOND_PERSON = re.compile(rf"\b{YOU}\b")

# Words and punctuation that open a clause without changing what it does ("Okay, great, so what ...").
LEADING_FILLER = re.compile(
    r"^(?:(?:ok|okay|k|so|and|but|well|then|hmm+|h?m+|alright|all right|right|great|sure|yes|yeah|yep|no|nope|oh|ah|"
    r"um+|uh+|also|now|anyway|hi|hello|hey|thanks|thank you|perfect|cool|awesome|nice|good|fine|i see|lol|haha+|"
    r"wow|first|first of all|just curious|out of curiosity|may i ask|can i ask|let me ask|if i may ask)"
    r"(?:\b|(?<=\W))[\s,.!:;-]*)+"
)
CLAUSE_SPLIT = re.compile(r"[,;:]+\s*|\s+-+\s+|\s+(?:and|but|or|so)\s+(?=" + WH + r"\b)")
SENTENCE_SPLIT = re.compile(r"(?<=[.!?…])\s+|[\r\n]+|(?<=[?!])(?=\w)")
WORD = re.compile(r"[a-z0-9$][a-z0-9'$,.]*[a-z0-9]|[a-z0-9]")

# --- questions -------------------------------------------------------------------------------------------------

# A clause that asks even without a question mark: inverted auxiliary, or a wh-word soon followed by one.
YES_NO_OPENER = re.compile(
    r"^(?:do|does|did|is|are|was|were|am|can|could|would|will|should|shall|may|might|have|has|had|"
    r"don't|doesn't|didn't|isn't|aren't|wasn't|weren't|can't|couldn't|wouldn't|won't|haven't|hasn't)\s+"
    r"(?:you|u|i|we|he|she|it|they|there|that|this|these|those|your|my|his|her|their|our|the|a|an|any|anyone|"
    r"anything|someone|something|everyone|everything)\b"
)
# In a sentence that ends with "?", a leading auxiliary is enough: "Has upper management done anything?"
AUX_OPENER = re.compile(
    r"^(?:do|does|did|is|are|was|were|am|can|could|would|will|should|shall|may|might|have|has|had|don't|doesn't|"
    r"didn't|isn't|aren't|wasn't|weren't|can't|couldn't|wouldn't|won't|haven't|hasn't)\b"
)
# Follow-on pieces of a question or a suggestion, not statements asked back: "Or was there something else?"
NOT_ECHO = re.compile(r"^(?:or|maybe|perhaps|first of all|what about|how about|any|anything|and what|if)\b")
WH_QUESTION = re.compile(rf"^{WH}\b(?:\s+\S+){{0,3}}?\s*(?:{_AUX}\b|(?<=\w)'(?:s|re|d|ll)\b)")
WH_OPENER = re.compile(rf"^(?:{WH}|tell me|describe|explain|walk me through|help me understand)\b")
# Indirect questions: "I was wondering what ...", "could you tell me ...", "I'd love to hear ...".
INDIRECT_QUESTION = re.compile(
    r"\b(?:i(?:'m| am| was)? (?:wondering|curious)|i wonder|(?:can|could|would) you (?:please )?(?:tell|share|"
    r"explain|describe|let me know|help me understand)|tell me (?:more|about|what|how|why|which|a bit|a little)|"
    r"(?:i'd|i would) (?:like|love) to (?:know|hear|understand|learn)|help me understand|let me ask|"
    r"any idea (?:what|how|why|when|where|who|which)|(?:please )?(?:share|describe|explain) (?:what|how|why|more)|"
    r"let me know (?:what|which|how|your|if)|tell me (?:your|what|which)|(?:not sure|don't know|yet to know) "
    r"(?:what|which|how much|how many) (?:you|u)|yet to know your)\b"
)
INDIRECT_OPEN = re.compile(
    rf"\b(?:wonder(?:ing)?|curious|tell me|share|explain|describe|know|hear|understand|learn|idea)\s+"
    rf"(?:more|about|a bit|a little|{WH})\b|\b(?:tell me|describe|explain|walk me through)\b"
)
# "How about I take two and you take three?" proposes; it is not an open question.
PROPOSAL_QUESTION = re.compile(
    r"^(?:how|what) about (?:if|i|we|me|us|you (?:get|take|have|give|keep|do|pay|let|send|accept|go)|"
    r"\d|\$|a |an |the |some |all |giving|taking|trying|doing|splitting|getting|making|meeting|we |let)|^what if\b"
)

# --- interest probes -------------------------------------------------------------------------------------------

# Needs, interests, priorities, preferences, constraints, reasons and success criteria of whoever is asked.
NEED_WORDS = re.compile(
    r"\b(?:need|needs|needed|needing|want|wants|wanted|wanting|wish|wishes|desire[sd]?|prefer|prefers|preferred|"
    r"preference|preferences|priority|priorities|prioriti[sz]e|important|importance|matters?|mattered|"
    r"valu(?:e|es|ed|able)|care (?:about|most|more|less)|interest(?:s|ed|ing)?|looking for|hop(?:e|es|ing) (?:for|to)|"
    r"goals?|aims?|objectives?|concern(?:s|ed)?|worr(?:y|ies|ied)|reasons?|constraints?|limits?|limitations?|"
    r"deadlines?|timeline|timeframe|requirements?|requir(?:e|es|ed)|expect(?:ing|ations?)?|must[- ]haves?|"
    r"deal[- ]?breakers?|flexib(?:le|ility)|driv(?:e|es|ing)|behind|success(?:ful)?|ideal(?:ly)?|optimal(?:ly)?|"
    r"best (?:for|case|outcome)|(?:most|least|more|less) (?:about|to you|for you|useful|helpful|valuable|important|"
    r"critical|essential)|the most|the least|most of|least of|most\?|lowest|highest|top|second|number (?:one|two|1|2)|"
    r"#1|first choice|use (?:it|them|the|that|this|those|extra|more|for)|using|short on|low on|running (?:low|out)|"
    r"enough|lacking|trying to (?:achieve|accomplish|get|do|solve|avoid)|feel (?:about|strongly)|"
    r"think about (?:the|this|getting|having)|appeal|attractive|worth|benefit|help you most|work best|suit you|"
    r"happy with|comfortable with|(?:make|makes|made) (?:this|it|that|the deal|you)|win for you|good for you|"
    r"good outcome|outcome|what kind|what sort|what type|anything (?:in particular|specific)|particular|"
    r"(?:would|could|will|does) (?:this|it|that) help|keeps? (?:you|u) up|situation|"
    r"would (?:you|u) like|thoughts (?:on|about)|on your mind|look for|think about (?:the )?(?:\w+)\s*\?)\b"
)
# Wanting to do something procedural ("how do you want to split it?") asks how to proceed, not what they need.
PROCESS_WANT = re.compile(
    r"\b(?:want|like|wish|prefer) to (?:split|divide|divvy|share|break|do|proceed|go about|handle|start|flip|make|"
    r"try|counter|propose|trade)\b"
)
# The speaker's own needs are not a question about the other's: "I need water, do you?" keeps only "do you?".
OWN_NEED_CLAUSE = re.compile(
    r"\b(?:i|we|i'm|we're)(?:'d| would| really| also| definitely| still| will| do|'ll| am| are)* (?:need|want|prefer|"
    r"like|value|looking for|in need of|interested in)\b"
)
# Asking how they stand on a resource: "How are you on food?", "How is your water supply?"
STATUS_PROBE = re.compile(
    r"^how(?:'s| is| are| r)? (?:you|u|your|things)\b(?! (?:\w+ )?going\b)(?: \w+){0,3}? (?:on|for|with|set|"
    r"supply|supplies|situation|looking|stocked|fixed)\b"
)
# "How much water do you need?" asks for their position in numbers, not for the interest behind it.
QUANTITY_ASK = re.compile(r"^how (?:much|many)\b(?!.*\b(?:why|because|for what)\b)")
# Doubting or checking a need they already stated: "Are you sure you need that much?", "You only need one?"
NEED_CHALLENGE = re.compile(
    r"^(?:are (?:you|u) sure|(?:do|did) (?:you|u) really (?:need|want)|i thought (?:you|u)|(?:so )?(?:you|u) (?:only |"
    r"just |really |still )?(?:need|want|wanted|needed)\b(?!.*\b(?:why|what|which|how)\b))"
)
# "I need water the most, how about you": the question handed back at the end of a sentence of one's own needs.
TRAILING_TURN_BACK = re.compile(r"\b(?:what|how) about (?:you|u|yourself|yours)\W*$")
# Questions about what success looks like ask about the other side's interests even without "you":
# "What would make this feel like a smart investment?", "What's driving the budget?"
SUCCESS_PROBE = re.compile(
    r"^(?:what|how|which)\b.*\b(?:would make (?:this|it|that|the deal|a deal)|success (?:look|mean)|successful|"
    r"(?:good|great|ideal|best|fair) (?:deal|outcome|result|solution|agreement) (?:look|be|mean)|driv(?:es|ing)|"
    r"behind (?:the|this|that)|matters? (?:most|the most)|most important|top priority|biggest (?:concern|worry|"
    r"priority)|(?:the|a) must[- ]have|deal[- ]?breaker)\b|^why\b.*\b(?:important|priority|need|needed|matters?|"
    r"necessary|essential|critical|fixed|deadline|constraint|limit)\b"
)
# "Does that work for you?" checks acceptance of an offer; it does not ask about interests.
ACCEPTANCE_CHECK = re.compile(
    r"\b(?:does|do|did|would|will|could|can|is|was|are)\s+(?:that|this|it|these|those)(?:\s+(?:deal|offer|plan|"
    r"proposal|split|arrangement|trade|work))?\s+(?:work|sound|seem|suit|fit|okay|ok|fine|acceptable|alright|"
    r"agreeable|good|fair|be (?:ok|okay|fine|acceptable|alright|good|fair|enough|sufficient|agreeable))\b|"
    r"\b(?:will|would|do|can|could) you (?:accept|agree|take that|take this|take it|go for|consider)\b|"
    r"\b(?:if|is|would) (?:that|this|it)(?:'s| is)? (?:ok|okay|alright|fine|acceptable) (?:with|for|by) you\b|"
    r"(?:^|[,.!] )(?:deal|agreed|ok|okay|good|fair)\s*\?\s*$|\bsound good\b|\bwhat do you (?:think|say)\s*\?*$|"
    r"\bhow (?:would|do|will) you feel about (?:\w+ing|me|us|if|this|that|a|an|\d|for me)\b"
)
# "Why do you ...?" asks for the other side's reasons: the classic way to get from positions to interests.
WHY_YOU = re.compile(rf"^(?:why|how come)\b.*\b{YOU}\b|^what (?:for|makes you|brings you|led you|is the reason)\b")
# "What about you?" after stating one's own needs hands the same question over to the other side.
TURN_BACK = re.compile(
    r"^(?:(?:what|how|and what|and how)? ?(?:about|bout) (?:you|u|yourself|yours|your side)|(?:and )?(?:you|yours|u|"
    r"yourself)|(?:and )?(?:what|which)(?:'s| is| are) (?:yours|your(?:s| side)))\W*$"
)
OWN_NEEDS = re.compile(
    r"\b(?:i|we)(?:'d| would| really| mostly| mainly| also| definitely| really do| will| still| could| likely| "
    r"probably| just)* (?:need|want|"
    r"prefer|like|love|value|care|am looking|'m looking|am interested|'m interested|am in need|'m in need|use|hope "
    r"to|must have)|\b(?:my|our) (?:top |main |biggest |highest |lowest |first |second |most |least |number one |"
    r"#1 )?(?:priority|priorities|preference|preferences|need|needs|goal|concern|interest|important|valuable)|"
    r"\b(?:most|least|more|less) (?:important|valuable|needed) (?:to|for) (?:me|us)\b|\b(?:important|priority|"
    r"preference|valuable|needed) (?:to|for) (?:me|us)\b|\bimportant that (?:i|we)\b"
)

# --- reflections -----------------------------------------------------------------------------------------------

# Everyday feeling words (any English emotion list has them): naming one as the other side's is a reflection of feeling.
FEELING = re.compile(
    r"\b(?:sad|sadness|upset|stress(?:ed|ful)?|anxi(?:ous|ety)|worr(?:y|ied|ies|ying)|frustrat\w*|overwhelm\w*|"
    r"lonel(?:y|iness)|alone|isolated|hurt(?:s|ing|ful)?|angry|anger|mad|furious|resent\w*|scar(?:ed|y)|afraid|fear\w*|"
    r"frighten\w*|terrified|depress\w*|down|hard|tough|difficult|rough|pain(?:ful)?|confus\w*|disappoint\w*|"
    r"betray\w*|guilt(?:y)?|ashamed|shame|embarrass\w*|humiliat\w*|helpless|hopeless|powerless|lost|stuck|trapped|"
    r"tired|exhaust\w*|drained|burn(?:ed|t) out|nervous|tense|uneasy|uncertain|unsure|torn|conflicted|discourag\w*|"
    r"struggl\w*|pressure[sd]?|burden\w*|heartbr\w*|devastat\w*|griev\w*|grief|miss(?:es|ed|ing)?|"
    r"unhappy|miserable|annoy\w*|irritat\w*|jealous|envious|insecure|vulnerable|rejected|ignored|unappreciated|"
    r"undervalued|disrespected|let down|relie(?:f|ved)|happy|glad|excited|hopeful|proud|grateful|relaxed|"
    r"comfortable|uncomfortable|concern(?:ed|s)?|care(?:s|d)? about|feel(?:s|ing|ings)?|felt|emotion(?:s|al)?)\b"
)
# Phrases that point at a feeling without saying which ("I know how you feel", "I hear what you're saying"):
# they acknowledge, but reflect nothing, so they are blanked out before looking for a reflection.
EMPTY_EMPATHY = re.compile(
    r"\b(?:how|what) (?:you|u)(?:'re| are)? (?:feel|feeling|must feel|must be feeling|felt|mean|going through)\b|"
    r"\b(?:you|u) (?:feel|felt|are feeling|'re feeling) (?:that|this|the same) way\b|"
    r"\b(?:the way|how) (?:that )?(?:you|u)(?:'re| are)? (?:feel|feeling|felt)\b|"
    r"\b(?:hear|understand|see|get|know) what (?:you|u)(?:'re| are) (?:saying|going through|dealing with)\b|"
    r"\bwhere (?:you|u)(?:'re| are) coming from\b|"
    r"\b(?:help|helps|let|hope|wish|want) (?:you|u) (?:feel|to feel)\b|"
    r"\b(?:make|makes|made) (?:you|u) feel (?:better|good|happy|comfortable|welcome|safe|calm|at home)\b|"
    r"\b(?:you|u)(?:'re| are)? (?:feel|feeling) (?:a (?:bit|little|lot) )?(?:better|good|well|okay|ok|fine)\b|"
    r"\b(?:if|when|whenever|until|once) (?:you|u)(?:'re| are)? (?:feel|feeling)\b"
)
# Praise is an affirmation, not a reflection: "you sound like a wonderful person", "you seem so strong".
AFFIRMATION = re.compile(
    r"\bi(?:'m| am) sure (?:that )?(?:you|your)\b|"
    r"\b(?:you|u)(?:'re| are| seem| sound| look| must be)(?: \w+){0,4}? (?:good|great|wonderful|amazing|strong|brave|"
    r"kind(?! of)|caring|smart|thoughtful|lovely|nice|mature|capable|resilient|hard[- ]?working|go-getter|sweet|"
    r"awesome|"
    r"incredible|intelligent|sensible|wise|responsible|dedicated|loving|generous|patient|courageous|talented|"
    r"confident|passionate|on top of|know what you)\b(?! (?:with|at)\b)|"
    r"\b(?:you|u)(?:'re| are) (?:(?:very |so |most |more than )?welcome|right|doing (?:great|well|good|fine|your best|"
    r"the right thing))\b|\b(?:you|u)(?:'re| are|'re certainly| are certainly| are definitely|'re definitely)? ?(?:not|"
    r"aren't) (?:alone|the only|a bad|crazy|stupid|weak|wrong|overreacting|helpless|to blame|at fault)\b|"
    r"\b(?:you|u) (?:deserve|made the right|did the right|did your best|tried your best|have done)\b|"
    # "It sounds like you have a great start", "you're doing all you can": praise, however it is introduced
    r"\b(?:you|u)(?:'re|'ve| are| have| had| made| make| making)?(?: been)?(?: \w+){0,3}? (?:a |such a |so many )?"
    r"(?:great|good|wonderful|amazing|excellent|smart|wise|brave|positive|healthy|right) (?:start|choice|choices|"
    r"decision|decisions|job|idea|ideas|plan|step|steps|thing|head|heart|person|friend|parent|attitude|mindset|"
    r"progress|work)\b|\bdoing (?:all|what|everything|the best) (?:you|u) can\b|"
    # the affirmations of motivational interviewing: "you've been really persistent", "you've already shown you can"
    r"\b(?:you|u)(?:'ve| have)(?: \w+)? (?:shown|proven|proved|managed|come a long way|done (?:something|a lot|so "
    r"much|really well|well|great|brilliantly|the hard part))\b|\b(?:you|u)(?:'re| are|'ve been| have been| were|"
    r"'re being| are being)(?: really| very| so| incredibly| clearly| obviously)? (?:honest|straight|open|"
    r"persistent|determined|committed|resourceful|candid|hard[- ]?working|thoughtful|insightful|worthy|better off|"
    r"getting through)\b|\b(?:you|u)(?:'ve| have)? got this\b|\b(?:you|u) (?:don't|do not) (?:seem|sound|look) "
    r"(?:that way|like that)\b|\b(?:you|u)(?:'re| are) doing what\b"
)
# A question asked inside a longer sentence: "as you're a writer could you try ...", "i'm well how can i help?"
INNER_QUESTION = re.compile(
    rf"\b(?:could|can|would|will|do|does|did|should|have|has|are|were) (?:you|u)\b|\b{WH} (?:\w+ )?(?:do|does|did|"
    rf"can|could|would|will|should|is|are|was|were)\b"
)
# Reflective-listening openers: each one claims to say back what the other side meant or felt.
REFLECTIVE_STEM = re.compile(
    # "It sounds like you're exhausted", but not "that sounds like a great plan" (an evaluation of their idea)
    rf"\b(?:(?:it |that )?sounds? (?:to me )?(?:like|as if|as though)(?! (?:(?:a|an|such a|so|really|very|"
    rf"the|some|it'?s?|would be|will be|could be|it would be|it will be) )*(?:good|great|nice|fun|fair|plan|idea|"
    rf"deal|fine|perfect|wonderful|awesome|amazing|excellent|lovely|cool|fantastic|brilliant|exciting|interesting|"
    rf"smart|wise|solid|reasonable|helpful|healthy|positive|blast|treat|start|step|way|option|solution)\b)|"
    rf"(?:it |that )?(?:seems|appears|(?:does|do) seem) (?:to me )?(?:like|that|as if|as though)\b|"
    rf"(?:seems|appears) (?:{YOU}|he|"
    rf"she|they|things)\b|(?:you|u) (?:seem|sound|appear)\b|"
    # the textbook paraphrase openers and checks
    rf"what i(?:'m| am) (?:hearing|understanding|getting)|from what i (?:understand|hear|gather|can tell|can see)|"
    rf"i(?:'m| am)? hear(?:ing)? (?:that |you (?:say|said)|you're|you are)|if i (?:understand|hear|heard|got) "
    rf"(?:you|that|this|it|correctly|right)|if i'm (?:understanding|hearing)|in other words|(?:you|u)(?:'re| are) "
    rf"(?:saying|telling me)|you mean(?:t)? (?:that|you)|so what you|let me see if i|just so i understand|"
    rf"(?:to make sure|to be sure|to check) i (?:understand|got (?:that|it|this) right)|correct me if i'm wrong|"
    rf"i take it|to summari[sz]e|to sum up|(?:let me|let's) (?:pull (?:that|this|it|things|all that|all this|it all) "
    rf"together|recap|summari[sz]e|sum (?:that |this |it )?up|see if i(?:'ve| have)? got)|here's (?:how|what) "
    rf"i(?:'m| am) (?:hearing|understanding)|here's what i(?:'ve| have) (?:heard|got)|"
    # inferring a feeling: "you must be exhausted", "that must have been painful", "I can tell it's raw"
    rf"(?:you|u) must (?:be|feel|have)|(?:that|it|this)(?: really)? must (?:be|have been|feel)(?! (?:nice|great|fun|"
    rf"beautiful|lovely|cool|good|wonderful|amazing)\b)|your \w+ (?:really )?must (?:be|have been|feel)\b|"
    rf"i (?:can )?(?:see|tell|sense|feel) (?:that|how|why|what|from) (?!that\b|as\b|too\b)[\w']+(?: [\w']+){{2}}|"
    rf"i can (?:imagine|understand) (?:that |how |why )"
    rf"?(?:\w+ ){{0,3}}?(?:you|u)(?:'re| are| have|'ve| feel| must| might)\b|i (?:feel|sense|see) (?:like |that )?"
    rf"(?:you|u|your)\b(?= [a-z])(?! (?:too|later|soon|there|around|tomorrow|again)\b)|i (?:\w+ )?(?:understand|feel|"
    rf"hear|sense|see) your (?:frustration|pain|concern|concerns|fear|fears|"
    rf"worry|worries|anger|sadness|disappointment|hurt|stress|anxiety|grief|feelings|loss|struggle|situation)\b|"
    # naming what they carry: "you've been under a lot of pressure", "that's a lot on your plate"
    rf"you(?:'ve| have) been (?:through|dealing|under|feeling|struggling|going through|carrying|coping|handling|"
    rf"juggling|trying)|(?:that's|that is|it's|it is) (?:a lot|so much|quite a lot) (?:to|on|for)|a lot on your "
    rf"plate|a lot (?:riding on|at stake|on the line)|"
    rf"you(?:'re| are) (?:feeling|worried|concerned|afraid|scared|frightened|upset|frustrated|angry|mad|sad|"
    rf"hurt|disappointed|overwhelmed|stressed|anxious|nervous|lonely|confused|torn|unsure|uncertain|stuck|tired|"
    rf"exhausted|struggling|unhappy|annoyed|fed up|not sure|having a (?:hard|tough|difficult) time|under (?:a lot "
    rf"of )?pressure|wondering|thinking (?:about|of)|considering|tired of|sick of|(?:not )?ready to)|"
    # the motivational-interviewing staples: ambivalence and what it has cost them
    rf"part of you\b|on (?:the )?one hand|(?:it|that|this)(?:'s| is| has| was)(?: been)?(?: really| so| very| pretty| "
    rf"quite)?(?: a)? (?:hard|tough|difficult|rough|painful|scary|stressful|frustrating|lonely|overwhelming|"
    rf"exhausting|big|heavy)(?: \w+)? (?:for|on) (?:you|u)\b|"
    # what matters to them, said back: "timing matters more to you than price", "March is the real deadline for you"
    rf"(?:matters?|mattered|is (?:important|what matters|a (?:big )?priority|the priority|key|a big deal)) (?:most |"
    rf"more |a lot |so much )?(?:to|for) (?:you|u)\b|(?:the|a|your) (?:real |main |big |biggest |key |top )?"
    rf"(?:deadline|priority|concern|issue|problem|worry|goal|limit|constraint|sticking point) (?:for|to) (?:you|u)\b)"
)
# Checking a paraphrase is a reflection even when it is asked: "If I understand you, the date is fixed?",
# "Are you saying the price matters less than the timing?"
PARAPHRASE_CHECK = re.compile(
    r"\b(?:if i (?:understand|hear|heard|got|follow) (?:you|that|this|it|correctly|right)|what i(?:'m| am) "
    r"(?:hearing|understanding|getting)|(?:are|were) (?:you|u) (?:saying|telling me)|do (?:you|u) mean (?:that|to "
    r"say)|what (?:you|u)(?:'re| are) saying is|so what (?:you|u)(?:'re| are)|in other words|correct me if|"
    r"(?:did|have) i (?:get|got|hear|heard|understand|understood) (?:that|you|this|it) (?:right|correctly)|am i "
    r"(?:right|correct) (?:that|in thinking|to think))\b"
)
# "I understand it is hard to trust her again": understanding claimed for something they said, not just in general.
UNDERSTAND_WHAT = re.compile(
    r"\bi (?:\w+ )?(?:understand|get|can imagine|can see) (?:how |why |what )?(?:it|it's|this|your|you|you're|being|"
    r"he|she|they|things|the|losing|having|feeling|not|\w+ (?:it|this|that) (?:is|was|can|could|would|might|must|"
    r"has))\b(?:\W+\w+){2}|\bi (?:\w+ )?(?:understand|get|can imagine|can see) (?:that|how|why) (?!completely|"
    r"totally|fully|too|well|now|part|one|100|i\b|we\b)\w+(?: \w+){2}"
)
SORRY_WHAT = re.compile(
    rf"\bsorry (?:to hear |that |about |for )?(?:that |about |to hear about )?(?:{YOU}|he|she|they|it's|things|"
    rf"the|this|losing|having|being)\b(?:\W+\w+){{2}}|\bsorry to hear (?:that|about) (?!happened|you're going|you "
    rf"are going)\w+(?: \w+){{2}}"
)
# A turn that opens a conversation: "Hi Greg.", "Good morning, have a seat.", "G'day Bev, come on in."
GREETING_OPENER = re.compile(
    r"^(?:hi|hello|hey|hiya|g'day|good (?:morning|afternoon|evening)|morning|afternoon|evening|welcome|"
    r"(?:ok|okay|alright|right)?,? ?(?:\w+, )?(?:come (?:on )?in|(?:have|take) a seat))\b"
)
# Interjections that may open a reflection: "Ah, so you ...", "Wow. Your child must ...".
INTERJECTION = re.compile(
    r"^(?:(?:ah|oh|ok|okay|well|yeah|yes|yep|wow|hmm+|i see|right|alright|and|but|mm+-?hmm+|m+-?hm+|uh-?huh|um+|uh+|"
    r"mm+|sure|true|exactly|got it|gotcha|ugh|argh|ouch|oof|yikes|gosh|jeez|oh no|oh dear|man)\b[\s,.!-]*)+"
)
# A sentence that starts with "you" and is not advice, a prediction or praise states something about them.
YOU_STATEMENT = re.compile(
    r"^(?:so )?(?:you|u)(?:'re|'ve)?\b(?! (?:know|will|would|can|could|should|might|may|guys|too|all|are welcome|"
    r"and me|see|as well|are welcomed|need to|have to|don't have to|do not have to)\b)(?!'ll|'d (?!rather|prefer))"
    r"(?:\W+\w+){2}"
)
# What they want or value, said back: "You don't want to end up like him", "You really care about your kids".
WANTING = re.compile(
    r"\b(?:want|wanted|wish|wished|hope|hoped|like|love|hate|miss|value|care|enjoy|prefer|rather|afraid|"
    r"worried|scared)\b"
)
# The speaker turning to their own story ("I've been there too", "when I was ...") makes the turn a
# self-disclosure, even when it opens with "I understand".
SELF_DISCLOSURE = re.compile(
    r"\b(?:i|we)(?:'ve| have)? (?:also|too|had|have had|went|was|were|used to|remember|lost|suffered|experienced|"
    r"know the feeling|felt|been (?:there|through|in))\b|\bwhen i was\b|\bme too\b|\bsame (?:here|with me|thing "
    r"happened)|\bi would (?:feel|be) (?:the same|\w+ too)|\bi(?:'m| am) (?:also|a \w+ too)|\bi can relate\b|"
    r"\bin my (?:experience|past|case)|\bmy own\b|\bhappened to me\b"
)
# After a leading "you": telling them what to do, what will happen or what they are owed, not saying back what they
# said ("you need to", "you really shouldn't", "you won't know until you try", "you owe it to yourself").
YOU_DIRECTIVE = re.compile(
    r"^(?:so |and |but )?(?:you|u)(?:(?:'re (?:\w+ )?(?:going to|gonna|bound to)|'d better|'ll|'d (?:have|need) to)\b|"
    r"(?: (?:really|just|also|definitely|probably|certainly|still|all|guys|two|both|truly|do|so))* (?:need|needs|"
    r"should|shouldn't|must|mustn't|have to|has to|had better|gotta|got to|ought|owe|never know|never have to|"
    r"don't have to|do not have to|don't need to|deserve|will|won't|can|could|might|may|are going to|are gonna|"
    r"get to|have got to|have a (?:good|great|nice|blessed|lovely|wonderful|safe)|do the same|so got this|got this|"
    r"(?:are|r) (?:\w+ )?(?:welcome|welome|weclome|welcom)|have (?:your|the) whole|(?:didn't|did not|haven't|"
    r"have not|never) (?:tell|mention|say|answer))\b|'re (?:\w+ )?(?:welcome|welome|weclome|welcom)\b)"
)
# A statement about them in the present or the past: "you're", "you were", "you've been", "you don't", "you feel".
_YOU_ADVERBS = (
    r"(?: (?:really|just|also|still|kind of|sort of|never|always|already|actually|clearly|usually|both|two|all))*"
)
_YOU_CONTRACTED = r"(?:'re|'ve|'d (?:rather|prefer|want|like))\b"
YOU_STATE = re.compile(
    rf"^(?:so |and |but )?(?:you|u)(?:{_YOU_CONTRACTED}|{_YOU_ADVERBS} (?:are|were|was|have|had|don't|didn't|do not|"
    r"did not|haven't|hasn't|weren't|aren't|feel|felt|think|thought|wonder|find|found|see|saw|know|knew|got|get|"
    r"tried|try|want|wanted|need|wish|hope|love|like|hate|mean|meant|said|say|mentioned|told|went|came|started|keep|"
    r"kept|seem|sound|care|worry|worried|believe|believed|enjoy|miss|missed|rather|would rather|prefer|lost|ended|"
    r"made|did|do|does)\b)"
)
# What they care about, said back: "It's something you really care about", "the part you dread".
THEIR_CONCERN = re.compile(
    r"\b(?:something|the thing|the one thing|the part|the bit|what) (?:that )?(?:you|u)(?:'re| are)?(?: really| "
    r"just| most| still)? (?:care|cares|want|wanted|need|value|enjoy|love|hate|dread|fear|worry|miss|struggle|"
    r"look forward to|worried about|scared of|afraid of|proud of|stuck on)\b"
)
# A statement about someone or something of theirs: "Your wife's been on at you about it", "your back is worse".
YOUR_STATEMENT = re.compile(
    r"^(?:and |but |so )?(?:your|ur)(?: [\w-]+){1,3}?(?:'s| (?:is|are|was|were|has|have|had|\w+s|\w+ed|doesn't|"
    r"don't|didn't|isn't|aren't|wasn't|kept))\b"
)
# The same, opening a clause anywhere in a sentence: "That worked for her, and you're not convinced it would for you."
YOU_STATE_CLAUSE = re.compile(
    r"(?:^|[,;:]\s*|\s-+\s+|\b(?:and|but|so|yet|because|though|although|while)\s+)"
    rf"(?:you|u)(?:{_YOU_CONTRACTED}|{_YOU_ADVERBS} (?:are|were|have|had|don't|didn't|do not|did not|haven't|"
    r"weren't|aren't|feel|felt|think|thought|wonder|find|found|got|tried|want|wanted|wish|hope|love|like|hate|"
    r"mean|meant|said|mentioned|told|started|keep|kept|care|worry|worried|believe|enjoy|miss|missed|would rather|"
    r"would want|prefer|feared|expected)\b)(?! (?:to|that) (?:do|try|make|start|stop)\b)"
)
# Telling, predicting or reassuring anywhere in a sentence: "things will get better for you", "you can do it".
FUTURE_OR_MODAL = re.compile(
    r"\b(?:will|won't|'ll|gonna|going to|should|shouldn't|must|mustn't|ought|need to|have to|has to|can|could|"
    r"might|may|let's|lets|please)\b"
)
# Openings of a sentence that tells, consoles or praises rather than says back: an imperative ("Find an activity
# you love"), a condition ("If you can't reach her, ..."), a contradiction ("No you are not"), praise ("It's great
# that you are trying"), or a pleasantry ("No problem, happy to help").
NOT_MIRROR = re.compile(
    r"^(?:(?:just|also|then|now|and|but|so)\s+)?(?:don't|do not|never|please|feel free|try|find|make|maybe|perhaps|"
    r"how about|what about|at least|sometimes|first|the point|one|here is|here's a|anything|great|since|not many|"
    r"take|give|keep|remember|stay|get|go|let|think|talk|tell|ask|call|write|practice|practise|focus|start|stop|"
    r"eat|look|consider|be|have|do|pick|put|set|use|enjoy|imagine|believe|trust|listen|wait|see|check|if|"
    r"unless|depending|whatever|whichever|no,? (?:you|u)|not really|no problem|no worries|"
    r"(?:you|u) too|happy|merry|good ?night|glad|nice|congrat\w*|welcome|sure|of course)\b|"
    r"^(?:it's|it is|that's|that is|its)(?: \w+)? (?:good|great|wonderful|nice|awesome|amazing|fantastic|excellent|"
    r"brave|smart|admirable|commendable|okay|ok|fine|normal|natural|understandable|important)\b"
)
# First person: the speaker's own story or view ("I think", "my friend", "we all").
FIRST_PERSON = re.compile(r"\b(?:i|i'm|i've|i'd|i'll|me|my|mine|myself|we|we're|we've|us|our|im|ive)\b")
# A sentence with no verb of its own: "Pointless.", "Rough at first, then better.", "Less than you feared."
FINITE_VERB = re.compile(
    r"\b(?:is|are|was|were|am|be|been|do|does|did|has|have|had|will|would|can|could|should|may|might|must|shall|"
    r"get|gets|got|go|goes|went|make|makes|made|take|takes|took|let|try|keep|remember|stay|think|tell|call|talk|"
    r"give|look|find|see|ask|don't|doesn't|didn't|isn't|aren't|wasn't|weren't|won't|can't|couldn't|wouldn't|"
    r"shouldn't|hasn't|haven't|hadn't|please|thanks|thank|hope|bye|goodbye|welcome)\b|'(?:s|re|ve|ll|d|m)\b"
)
# It or that, felt: "And that stung.", "It doesn't feel real yet.", "In the moment, it felt like the only way."
IT_FELT = re.compile(
    r"^(?:(?:and|but|so|yet|still|because)\b[\s,]*)?(?:[\w\s',]{0,30}, )?(?:it|that|this|those|these|which)"
    r"(?: (?:\w+ly|still|really|just|all|never|always))? (?:feels?|felt|(?:doesn't|does not|didn't|did not) feel|"
    r"stung|hurt|shook|landed|scared|frightened|upset|got to|weighs?|weighed|eats? at|ate at|stuck with|"
    r"stays? with|stayed with|hit (?:you|home|hard)|brought (?:it|that|this) home)\b"
    r"(?! (?:so |really |very )?(?:good|great|nice|wonderful|"
    r"amazing|awesome|fine|better) to\b)"
)
YOU_FEEL = re.compile(r"\b(?:you|u) (?:feel|felt|are feeling|were feeling|'re feeling|seem to feel)\b")
# Checking a paraphrase: "..., is that right?", "did I get that right?"
CHECK_TAG = re.compile(
    r"^(?!you know\b).*\b(?:is (?:that|this|it) (?:right|correct|accurate|true|fair|it|about right|what you mean|"
    r"how you feel|how it "
    r"feels|what you're feeling|a fair)|(?:am i|have i got (?:that|it)|did i get (?:that|it)) (?:right|correct)|"
    r"do(?:es)? (?:that|this) sound (?:right|about right|accurate|fair)|(?:right|correct)\s*\?\s*$)"
)
# "What matters most is ...", "what I need is ...": a statement that opens with "what" (a pseudo-cleft), not a
# question; without a question mark it is read as one.
PSEUDO_CLEFT = re.compile(
    r"^(?:what|where|why|how)\s+(?:(?:i|you|we|they|he|she|u)\s+(?:[\w']+\s+){0,2}?|(?!(?:is|was|does|has)\b)"
    r"[\w']+(?:s|ed)\s+(?:[\w']+\s+){0,3}?)(?:is|was)\b(?!\s*[?]?$)"
)
# "So what matters most to you is ...": a summary of theirs put as a pseudo-cleft.
SO_PSEUDO_CLEFT = re.compile(
    r"^(?:so|so basically|basically|so then)\b[\s,]*(?:what|where|why|how)\s+(?:(?:you|u)\s+(?:[\w']+\s+){0,2}?|"
    r"[\w']+(?:s|ed)\s+(?:[\w']+\s+){0,3}?)(?:is|was)\b"
)
# "So you ...", "So your ...", "So the budget is fixed?": a summary opener, strong when it reuses their words.
SO_SUMMARY = re.compile(
    r"^(?:so|so basically|basically|so then)\b[\s,]*+(?!(?:i|i'm|i'd|i'll|we|let|let's|just|keep|try|take|make|"
    r"remember|don't|dont|do|please|maybe|perhaps|if|what|how|why|when|where|which|who|anyway|glad|good|nice|great|"
    r"thank|thanks|sorry|yeah|yes|no|ok|okay|hopefully|hope|now|true|much|many|that|even|in|to|far|long|sad|bad|"
    r"cute|cool|funny|happy)\b)"
)
# Advice and suggestions: ESConv-style counselling and negotiation alike keep these apart from reflections.
ADVICE = re.compile(
    r"\b(?:you (?:should|could try|might try|might want|may want|have to|ought|could (?:always |also |just )?(?!have|"
    r"be\b|not|never|feel|tell)\w+|can (?:always|also|try))|i (?:would|'d) (?:suggest|"
    r"recommend|try)|i suggest|i recommend|why not|why don't you|make sure (?:you|to|that)|have you (?:tried|"
    r"thought|considered))\b|(?:^|[,;] )(?:just |maybe |perhaps )?try (?:to |and )?\w+"
)

# --- acknowledgement ------------------------------------------------------------------------------------------

# Showing understanding, validation or concern for the other side: what a listener says before moving on.
ACKNOWLEDGE = re.compile(
    # understanding: "I understand", "I see", "got it", "that makes sense"
    r"\b(?:i (?:totally |completely |really |fully |definitely |certainly |absolutely |can |do |)understand(?! why "
    r"(?:you|u) would)|understandable|understood|got it|gotcha|i (?:totally |completely |)get (?:it|that|you|where "
    r"you're coming from)|i hear you(?! (?:correctly|right|say))|i see what you mean|"
    r"i see(?: where you're coming from| why| how| that)(?=\W|$)|makes (?:total |"
    r"perfect |a lot of )?sense|"
    # sympathy: "I'm sorry to hear that", "that sounds rough", "oh no"
    r"(?:i'm|i am|im|so|very|really|truly) sorry (?:to hear|about|for|that|you)|sorry to (?:hear|here)|"
    r"(?:that's|that is|thats|that|what) (?:a |such a |so |really |pretty )?(?:bummer|not good|no good|stinks|sucks|"
    r"too bad|a shame|a pity|unfortunate)\b|\byikes\b|\b(?:i|we) (?:don't|do not|wouldn't|would not) want (?:for )?"
    r"(?:you|u) to (?:be |go |get |run |feel |freeze|starve|suffer)|i (?:\w+ )?understand your (?:situation|need|"
    r"needs|position|point|concern|worry|family)\b|"
    r"(?:that's|that is|that sounds|that must be|that must have been|it must be|it sounds|how) (?:so |very |really "
    r"|pretty |quite |)(?:hard|tough|terrible|awful|difficult|rough|frustrating|unfortunate|sad|horrible|scary|"
    r"stressful|painful|upsetting|serious|bad|a shame|a pain)|(?:that|it) (?:doesn't|does not) sound (?:good|fun|"
    r"great|easy)|oh (?:no|dear|my)\b|i can (?:imagine|relate|only imagine|see why|see how|see that)|i know "
    r"(?:how you feel|what you mean|the feeling|that feeling)|i feel for you|"
    # validation: "fair enough", "good point", "you're right"
    r"fair enough|(?:good|great|fair|valid) point|(?:that's|that is) (?:understandable|valid)|i (?:really )?"
    r"appreciate (?:that|it|you|your|the)|thanks for (?:sharing|explaining|telling)|you(?:'re| are) right|"
    r"i agree with you|i respect (?:that|your)|that's good to hear|glad to hear|"
    # concern: "I worry about you", "you might need it more", "don't worry"
    r"(?:worr(?:y|ied)|concerned) (?:about|for) (?:you|u)\b|(?:you|u) (?:might|may|probably|must) need (?:it|them|"
    r"that|those) more|i (?:don't|do not|wouldn't|would not) want (?:you|u) to\b|make sure (?:that )?(?:you|u)"
    r"(?:'re| are| get| have| stay)\b|don't worry|be careful|stay safe|take care of yourself)"
)
# "I don't understand", "as I understand it" (checking terms), "I don't think that's fair" do not validate.
NOT_ACKNOWLEDGE = re.compile(
    r"\b(?:don't|do not|didn't|can't|cannot|never) (?:understand|get it|see)\b|\b(?:as|what|sure|if|to) i (?:\w+ )?"
    r"understand\b|\bunderstand (?:it|this|that):|\b(?:don't|do not|doesn't) (?:think|feel|believe|see how) (?:that|"
    r"it|this)"
)

# --- offers, acceptance, rejection ----------------------------------------------------------------------------

# Concrete terms: an amount, a count of something, a share, or a condition.
TERMS = re.compile(
    r"[$€£]\s?\d|\b\d[\d,.]*\s?(?:k|%|percent|dollars?|euros?|pounds?|bucks|usd|eur|gbp)\b|\b\d+\s?(?:x\s)?[a-z]+|"
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|a dozen|half|all|both|none|the rest|each|"
    r"a couple|the majority|most|some|extra|everything|a discount|free|included|including|in exchange|in return|"
    r"for free)\b|\bif (?:you|u|i|we)\b|\b(?:include|throw in|add|split|swap|trade|exchange|discount|waive)\b|"
    # a date is a term too: "I can deliver by March"
    r"\b(?:by|in|on|before|until|from|starting|within) (?:january|february|march|april|may|june|july|august|"
    r"september|october|november|december|monday|tuesday|wednesday|thursday|friday|saturday|sunday|next (?:week|"
    r"month|quarter|year)|the end of)\b"
)
PROPOSAL = re.compile(
    r"\b(?:i|we) (?:can|could|would|'ll|will|am willing to|'m willing to|are willing to|'d be willing to|'d be happy "
    r"to|would be happy to|am happy to|'m happy to|can only|could only|'d|'m prepared to|am prepared to|are "
    r"prepared to)\s*(?:also |then |just |still |definitely |totally |happily |gladly |easily |only |probably )?"
    r"(?:do|give|offer|go|accept|take|let|pay|include|throw|sell|provide|add|drop|come down|go up|meet|split|"
    r"deliver|ship|start|finish|sign|commit|extend|cover|guarantee|reduce|lower|raise|match|beat|"
    r"settle|trade|swap|part with|give up|spare|part|be willing|be happy|be ok|be okay|agree)|"
    r"\bi'(?:ll|d) (?:do|give|offer|go|take|let|pay|include|throw|sell|provide|add|drop|split|settle|trade|swap)|"
    r"\b(?:you|u) (?:can|could|would|will|'ll|may|might) (?:have|take|get|keep)\b|"
    r"\b(?:you|u) (?:get|take|keep|have) (?:\d|one|two|three|all|both|the|half|most|everything|extra)|"
    r"\b(?:i|we) (?:get|take|keep) (?:\d|one|two|three|all|both|the|half|most|everything|extra)|"
    r"^(?:how|what) about\b|\bhow about (?:if|i|we|you|giving|taking|we|\d)|\bwhat if (?:i|we|you)\b|"
    r"\b(?:i|we) (?:propose|suggest|offer|counter)|\bmy (?:offer|proposal|counter|counteroffer|final offer)\b|"
    r"\b(?:our|the) (?:offer|proposal) is\b|\blet'?s (?:do|say|split|go with|make it|meet|settle|agree on|trade|"
    r"swap)|\b(?:would|will|could|can) (?:you|u) (?:accept|take|do|agree to|be willing|consider|settle|give|"
    r"let me|trade|swap|go)|\bare you (?:willing|open|ok|okay|happy) (?:to|with)\b|\b(?:can|could|may) (?:i|we) "
    r"(?:have|get|take|keep)\b|\bin (?:exchange|return)\b|\bi(?:'m| am) (?:offering|proposing)|"
    r"\b(?:i|we) (?:can|could) (?:meet you|do it for|make it)|(?:^|[,.!] )deal\?\s*$|take it or leave it|"
    r"(?:my|our) (?:final|best|last) (?:offer|price)|(?:the )?best (?:i|we) can do|(?:our|my) (?:price|offer|"
    r"quote|rate|fee|bid|asking price) (?:is|would be|will be|stands at)|(?:i|we) (?:can't|cannot|won't) go "
    r"(?:any )?(?:lower|higher|below|above)|\b(?:i|we)(?:'d| would| will|'ll)? (?:need|want|require|expect|ask "
    r"for|take|accept|settle for|pay)(?: at least| at most| no less than| no more than| a minimum of| a maximum of|"
    r" only| just)? (?:[$€£]\s?\d|\d[\d,.]*\s?(?:k|%|percent|dollars|euros|pounds)\b)"
)

ACCEPT = re.compile(
    r"(?:^|\b)(?:(?:(?:it's a|you've got a|you have a|we have a|we've got a|then it's a|sounds like a|looks like "
    r"we have a|got a)|^|[,.!;]|\b(?:ok|okay|sure|yes|yeah|great|perfect|fine|alright|then|done)[,.!]?) ?deal"
    r"(?!\s*(?:breaker|with|\?))\b|i agree to (?:that|this|it|the|your|those)\b|i accept|accepted|(?:that |this |"
    r"it )?(?:sounds|seems) (?:good|great|fair|fine|perfect|"
    r"reasonable|like a (?:plan|deal|good deal|fair deal))|(?:that|this|it) works(?: for me| for us| great| well|"
    r" perfectly)?\b|works for (?:me|us)|let's do (?:it|that|this)|i can (?:do|live with|work with) that|"
    r"(?:that's|that is|that'd be|that would be|it's) (?:fine|perfect|great|good|acceptable|fair) (?:with|for|by) "
    r"(?:me|us)|i'm (?:happy|ok|okay|fine|good|in) with (?:that|this|it)|(?:you've got|you got) (?:it|yourself a "
    r"deal)|let's shake on it|count me in|i'll take it|i'll take that|sold\b|we have an agreement)"
)
ACCEPT_NEGATED = re.compile(
    r"\b(?:no|not a|not|isn't a|never a) deal\b|\b(?:doesn't|does not|don't|won't|wouldn't|will not|isn't|not|"
    r"can't|cannot) (?:work|sound|seem|agree|accept|fine|good)|\bnot (?:fine|good|acceptable|ok|okay)\b|"
    r"\bif (?:that|this|it) works\b|\bhope (?:that|this|it) works\b|\b(?:that|this|it) works (?:out|best|better)\b|"
    r"\b(?:would|will|does|do) (?:that|this|it) work\b"
)
# Agreement that accepts only when it answers an offer: "I agree" may just agree with a remark.
AGREE = re.compile(
    r"^(?:i (?:totally |completely |fully )?agree|agreed|that's fair|fair enough)\b(?! with (?:you|that) (?:but|"
    r"however))"
)
# A bare "yes" / "ok" / "sure" accepts when it answers an offer.
BARE_YES = re.compile(
    r"^(?:ok|okay|k|yes|yeah|yep|yup|sure|fine|alright|all right|perfect|great|absolutely|definitely|of course|"
    r"certainly|deal|done|agreed|good|cool|awesome|excellent|wonderful)(?:\s+(?:then|thanks|thank you|sir|"
    r"ma'am|friend))?[\s.!,🙂😀😊👍]*$"
)

REJECT = re.compile(
    r"\b(?:no deal|no way|nope|not a chance|no thanks|no thank you|forget it)\b|"
    # "that's too high", "$6,000 is way too much", but not "I don't want to take too much"
    r"(?:^|\b(?:that|this|it|price|offer|number|amount|quote|deal|figure|rate|fee)|\d)(?:'s| is| seems| sounds| looks)?"
    r"(?: way| far| much| a bit| a little| just| really| still| kind of)? too (?:high|low|much|expensive|steep|"
    r"little|few|costly|pricey|cheap|greedy|unfair|one[- ]sided|rich)\b|\bso (?:expensive|steep|high|pricey|costly)\b|"
    # "I can't accept that", "we won't go any higher", "that won't work", "I'll pass"
    r"\b(?:(?:i|we) (?:really |just |simply |definitely |absolutely |)(?:can't|cannot|can not|won't|will not|"
    r"couldn't|could not|don't|do not|wouldn't|would not) (?:do|accept|agree|go|afford|take|pay|work with|make|give|"
    r"budge|part with|give up|sign|approve|go along with|go for|allow)(?: to)? (?:that|this|it|so|those|these|any|"
    r"all|more|less|the|on that|with that)\b|not (?:acceptable|possible|happening|going to happen|interested|an "
    r"option|fair|feasible|good enough)|(?:that|this|it|which) (?:won't|doesn't|does not|will not|wouldn't|would "
    r"not|can't|cannot|isn't going to|is not going to) work|(?:that|this|it|the|your) (?:\w+ )?(?:is|'s|seems|"
    r"sounds) (?:ridiculous|absurd|unacceptable|insulting|outrageous|a joke|laughable|way too|far too)|i(?:'ll| "
    r"will) (?:have to )?pass|(?:i|we) (?:must|have to|need to|'ll have to|will have to) (?:decline|refuse|pass|say "
    r"no)|\b(?:i|we) (?:reject|refuse|decline)|(?:that's|that is|it's|this is) (?:unacceptable|ridiculous|absurd|"
    r"insulting|out of the question|a non-?starter|not going to work|not fair|unfair|a joke|not enough|too much)|"
    r"not (?:willing|going|gonna|able) to (?:do|accept|agree|give|go|pay|take)|i don't think (?:so|that(?:'ll| "
    r"will| would)? work|i can (?:do|accept|agree))|i(?:'m| am) not (?:ok|okay|happy|comfortable) with (?:that|"
    r"this)|(?:that|this) (?:doesn't|does not) work for (?:me|us))"
)
BARE_NO = re.compile(r"^(?:no|nah|nope)\b(?!\s+(?:problem|worries|doubt|need|rush|pressure))")

# --- small talk and insults -----------------------------------------------------------------------------------

SMALL_TALK = re.compile(
    r"(?:^|(?<=[.!?] ))(?:hi|hello|hey|heya|hiya|howdy|greetings|yo|hi there|hello there|good (?:morning|afternoon|"
    r"evening|day))\b|\bhow(?:'s| is| are| have)? (?:you|u|ya|it going|things|everything|your (?:day|week|weekend|"
    r"morning|evening|trip|family))(?: (?:doing|been|going|today|tonight|this (?:morning|evening|week)))*\s*\??$|"
    r"\bhow are (?:you|u)\b|\bhow(?:'s| is) it going\b|\bhow have you been\b|\bwhat's up\b|\bnice (?:to meet|meeting|"
    r"talking|chatting|to talk|to chat) (?:with )?you\b|\b(?:pleasure|good) (?:to meet|meeting|talking|chatting)\b|"
    r"\bhave a (?:good|great|nice|wonderful|lovely|safe|fun|fantastic|blessed) (?:day|one|weekend|night|evening|"
    r"trip|time|week)\b|\b(?:bye|goodbye|good bye|see you|see ya|take care|talk (?:to you )?soon|cheers|good night)"
    r"\b|\bthank(?:s| you)\b|\bhope (?:you(?:'re| are)|all is|everything is|your day) (?:well|good|doing well|"
    r"going well|great)\b|\bi(?:'m| am) (?:doing )?(?:good|great|fine|well|ok|okay|alright|doing well)(?: thanks| "
    r"thank you)?\b(?!\s+(?:with|if|to))|\bhow was your\b|\benjoy (?:your|the)\b"
)

INSULT_WORD = (
    r"(?:idiot|idiots|idiotic|moron|moronic|morons|imbecile|fool|fools|foolish|jerk|loser|losers|clown|stupid|dumb|"
    r"dumbass|dummy|asshole|arsehole|bastard|bitch|scum|scumbag|crook|scammer|fraud|con artist|incompetent|useless|"
    r"pathetic|clueless|brainless|dimwit|nitwit|halfwit|numbskull|twit|prick|dick|douche|douchebag|cretin|buffoon|"
    r"parasite|leech|pig|snake|worthless|ignorant|liar|cheat|cheater|thief|crybaby|coward|retard|retarded|"
    r"hypocrite|greedy)"
)
# Every insult below contains one of these; most utterances contain none, so this is checked first.
ABUSE_HINT = re.compile(rf"{INSULT_WORD}|f+u+c*k|f\*|\bfk\b|screw|damn|shut|hell|piss|get lost|suck|bitch|insane|brain")
# An insult word aimed at the listener: "you idiot", "you're pathetic", "your stupid offer", "idiot!".
INSULT = re.compile(
    rf"\b(?:you|u|ya)(?:'re| are| r|re)?(?: (?:such|an?|so|really|just|being|a (?:complete|total|real|stupid|"
    rf"little|big)|absolutely|completely|totally|the|one|some|a bunch of|like an?))* {INSULT_WORD}\b|"
    rf"\byour (?:stupid|dumb|idiotic|pathetic|ridiculous|useless|worthless|lousy|crappy|shitty|greedy) \w+|"
    rf"^\W*(?:(?:what an?|such an?|you|u) )?{INSULT_WORD}\W*$|\b{INSULT_WORD} (?:you|u) (?:are|is)\b|"
    rf"\b(?:f+u+c*k+|f\*+k?|fk|screw|damn) (?:you|u|off|yourself)\b|\bshut (?:the (?:fuck|hell) )?up\b|"
    rf"\bgo to hell\b|\bpiss off\b|(?:^|, )(?:just |now |please )?get lost\b|\byou suck\b|\bgo (?:fuck|"
    rf"screw) yourself\b|\bson of a bitch\b|"
    rf"\bare you (?:stupid|dumb|an idiot|a moron|retarded|insane|brain ?dead)\b"
)
INSULT_NEGATED = re.compile(rf"\b(?:not|n't|never|no)\s+(?:\w+\s+){{0,2}}{INSULT_WORD}\b|\bnot an? {INSULT_WORD}\b")
