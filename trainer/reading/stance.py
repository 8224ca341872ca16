"""What a clause does with the terms it names: puts them forward, turns them down, states them as a fact, asks
about them, says them back, agrees to them, or walks away.

A number in a message is an offer only when its clause offers it: "48k won't work for us" turns 48k down, "you paid
$57,000 last year" is history, "how did you get to $4,500?" questions their figure. The patterns are the ways people
put each of these in a negotiation; the clause, not the whole message, is their scope.
"""

import re
from typing import Literal


def _any(*alternatives: str, before: str = r"\b", after: str = "") -> re.Pattern[str]:
    """One case-blind pattern matching any of the alternatives, each written on its own line below."""
    return re.compile(before + "(?:" + "|".join(alternatives) + ")" + after, re.I)


Stance = Literal["walk", "refuse", "fact", "ask", "sayback", "accept", "condition", "propose", "none"]

# Where one thought ends and the next begins: sentences, then "but", "though", "however" and dashes.
SENTENCES = re.compile(r"(?<=[.!?;…])\s+|[\r\n]+|(?<=[?!])(?=\w)|\s+[-\u2013\u2014]+\s+")
CLAUSE_BREAK = re.compile(
    r",?\s+\b(?:but|though|however|although|whereas|yet)\b,?\s+|,\s*(?=(?:so |then )?(?:i|we|i'?d|we'?d|i'?ll|we'?l"
    r"l|i'?m|we'?re|i can|we can|you'?d|you'?ll|you can|that'?s|which|how about|what about|what if|and i|and we|and"
    r" you'?ll|plus)\b)",
    re.I,
)
CONDITION = re.compile(
    r"^\W*(?:and |so |ok(?:ay)?,? |well,? |look,? )?(?:if|as long as|so long as|provided(?: that)?|providing|on (?:"
    r"the )?condition(?: that)?|assuming|in exchange for|in return for|for|should you|were you to|once you|when you"
    r")\b",
    re.I,
)

WALK = _any(
    r"walk(?:ing)? away",
    r"(?:i|we)(?:'ll| will| are going to|'re going to|'m going to| have to| must| should)? (?:have to |need to |goi"
    r"ng to )?pass\b",
    r"(?:we're|we are|i'm|i am) (?:done|out)\b",
    r"(?:let's|we'll|we should|i'll|i think we should|we may as well|might as well) (?:leave it|call it a day|end ("
    r"?:it|this|the call)|stop (?:here|there)|part ways|go our (?:separate )?ways)",
    r"(?:this|it)(?:'s| is) not going to (?:work out|happen)",
    r"no deal(?:,| then| today| for)",
    r"(?:end|ending|close) (?:this|the) (?:call|conversation|negotiation)",
    r"(?:look|go|shop) elsewhere",
    r"(?:i|we)(?:'ll| will) (?:have to )?(?:decline|take (?:our|my) business)",
    r"(?:i'm|we're|i am|we are) (?:walking|leaving|out of here)",
    r"thanks for your time\W*$",
    r"(?:have to|'ll have to|will have to|going to have to|better) (?:leave it|let (?:you|this|it) go|let you (?:ru"
    r"n|go)|walk)",
    r"good luck with",
    r"best of luck",
    r"thanks for your time,? but",
    r"goodbye",
    r"good ?bye",
    r"bye for now",
    r"(?:i|we) (?:can't|cannot) (?:go|take|do) (?:this|it) any further",
)

# "I can't include", "we're not able to offer", "finance won't approve": who refuses, the refusal, what is refused.
_SUBJECT = r"(?:i|we|they|my \w+|finance|legal)(?: really| just| simply| honestly| definitely| absolutely| still)?"
_CANNOT = (
    r"(?: (?:can'?t|cannot|can not|couldn'?t|could not|won'?t|will not|wouldn'?t|would not|shouldn'?t|never|refuse "
    r"to|don'?t want to|do not want to|have no (?:room|way) to|am unable to|are unable to|(?:am|are) not (?:able|in"
    r" a position|going) to)|'(?:m|re) not (?:able|in a position|going) to)"
)
_REFUSED_VERB = (
    r"(?:do|accept|agree(?: to)?|go|afford|take|pay|give|include|throw in|add|offer|sign|approve|match|justify|stre"
    r"tch|manage|swallow|budge|drop|stomach|sell|deliver|commit|extend|waive|support|provide|honou?r|make|put|lose|"
    r"absorb|go along with|work with|entertain|consider|live with|meet|run|fund|stand|keep|hold|maintain|continue|l"
    r"eave|carry|staff|get (?:that|it|this) (?:past|through|approved))"
)
REFUSE = _any(
    r"^\W*(?:sorry,? |no,? |afraid )?(?:can'?t|cannot|won'?t|couldn'?t|unable to) (?:\w+ )?(?:do|go|take|give|add|i"
    r"nclude|throw|offer|accept|agree|manage|stretch|drop|knock|cut|match|afford)\b",
    r"(?:won'?t|doesn'?t|does not|will not|wouldn'?t|would not|isn'?t going to|is not going to|not going to|ain'?t "
    r"going to|can'?t|cannot|don'?t|do not|didn'?t) (?:really |quite |ever |possibly )?(?:work|fly|happen|cut it|do"
    r" it|wash|stack up|add up|make sense|be possible)",
    r"not (?:possible|an option|doable|feasible|happening|acceptable|on the table|workable|something (?:i|we) can|g"
    r"oing to happen|viable|realistic|sustainable|affordable|in (?:my|our|the) budget|within (?:my|our) (?:remit|bu"
    r"dget|authority))",
    r"\w*n'?t (?:\w+ )?(?:possible|an option|doable|feasible|happening|acceptable|workable|viable|realistic|sustain"
    r"able|affordable|going to happen)",
    r"(?:is|'s) a (?:no|hard no|non-starter|step too far)\b",
    _SUBJECT + _CANNOT + r" (?:\w+ )?" + _REFUSED_VERB,
    r"no way",
    r"out of the question",
    r"too (?:high|low|much|steep|rich|expensive|cheap|far|little|big|aggressive|deep|tight|short|long)",
    r"below (?:what|our|my|cost|the floor|anything|where)",
    r"under (?:our|my) (?:floor|cost|costs|minimum)",
    r"(?:under|below) what (?:it|they|that) costs?",
    # "40 a case is way under what we can do", "48k is well over our budget"
    r"(?:is|'s|are|sits?) (?:way |far |well |much |a lot |a bit |just |still |so )?(?:under|below|beneath|short of|"
    r"over|above|beyond|outside) (?:what (?:i|we) (?:can|could)|(?:our|my) (?:cost|costs|floor|minimum|budget|limit|"
    r"ceiling|range|bottom line|walk-?away)|cost\b)",
    r"(?:i|we)(?:'d|'ll| would| will) (?:rather not|have to say no|have to decline)",
    r"no deal",
    r"non-?starter",
    r"off the table",
    r"not willing",
    r"not prepared to",
    r"no can do",
    r"not a chance",
    r"forget (?:it|about it)",
    r"nice try",
    r"(?:i|we) (?:never|didn'?t|did not) (?:agree|say|offer|propose)",
    r"hang on",
    r"hold on",
    r"not so fast",
    r"absolutely not",
    r"definitely not",
    r"certainly not",
    r"not at (?:that|this)",
    r"nowhere near",
    r"(?:can'?t|cannot|couldn'?t) (?:go|come|get|drop|move) (?:that|so|any) ?(?:low|high|far|lower|higher|further)",
    r"(?:that|this|it)(?:'s| is) (?:a )?(?:no|not) (?:go|goer|deal)",
    r"deal ?breaker",
    r"is(?:n'?t| not) (?:something|a thing) (?:i|we) (?:can|could|do)",
)
# A limit stated as a refusal offers the limit: "I can't go lower than 44", "not a penny under $5,000".
FLOOR = re.compile(
    r"\b(?:can'?t|cannot|won'?t|couldn'?t|not able to|unable to) (?:go|come|drop|move|do|sell|take it)(?: it)? (?:a"
    r"ny )?(?:lower|below|under|less|cheaper|further down) than\b|\bnot (?:a (?:penny|cent|dollar) )?(?:lower|below"
    r"|under|less) than\b|\b(?:my|our|the) (?:floor|minimum|bottom line) is\b|\bno lower than\b",
    re.I,
)
BARE_NO = re.compile(
    r"^\W*(?:(?:no|nope|nah)(?:\W*$|[,.!]+\s*|\s+(?=(?:way|deal|thanks|thank|sorry|chance|i|we|that|it|this)\b))|no"
    r" thanks|no thank you|not really|i don'?t think so|afraid not|sorry,? no)",
    re.I,
)

FACT = _any(
    # how much something of theirs is used: "the round-the-clock line barely gets used"
    r"(?:barely|hardly(?: ever)?|rarely|seldom|never|almost never|no longer|not often) (?:gets? |is |are |was |were "
    r"|been |being )?(?:used|called|rung|needed|touched|opened|picked up)",
    r"paid(?! (?:in full|upfront|up front|on|monthly|over|in (?:one|two|three|\d)|at|by|when))",
    r"spent",
    r"were paying",
    r"was paying",
    r"used to pay",
    r"have been paying",
    r"'ve been paying",
    r"last (?:year|time|spring|summer|autumn|fall|winter|month|quarter|round|contract|renewal|order)",
    r"(?:a )?(?:year|month|week)s? ago",
    r"previously",
    r"originally",
    r"in the past",
    r"historically",
    r"so far this year",
    r"to date",
    r"costs? (?:us|me|you|them|the business|the company)",
    r"cost (?:to|of|price)",
    r"our costs?",
    r"my costs?",
    r"(?:us|me) about",
    r"margin",
    r"overheads?",
    r"in hardware",
    r"in (?:labour|labor|staff) (?:time|costs?)",
    r"of (?:\w+ )?time\b",
    r"(?:helpdesk|support|engineering|consultant|staff|driver) (?:time|hours|days|costs?)",
    r"worth of",
    r"competitors?",
    r"rivals?",
    r"national brands?",
    r"other (?:suppliers|vendors|brands|providers)",
    r"elsewhere (?:charge|pay|offer)",
    r"(?:market|going) rate (?:is|was)",
    r"list price (?:is|was)",
    r"lists? (?:at|for)",
    r"listed at",
    r"retails? (?:at|for)",
    r"went up",
    r"gone up",
    r"rose",
    r"rising",
    r"increased? (?:by|of)",
    r"(?:comes|came) from",
    r"(?:price|fee|rate|quote|cost|it|that) (?:was|were|used to be)\b",
    r"sold (?:well|out|through)",
    r"the quote (?:is|was)",
    r"(?:is|was) (?:the|our) (?:list|sticker|retail) price",
    r"rrp",
    r"for context",
    r"for reference",
    r"for what it'?s worth",
    r"just so you know",
    r"fyi",
    r"worked together",
    r"been (?:a |our )?(?:customers?|clients?|partners?)",
    r"been with (?:us|you)",
    r"known each other",
    r"(?:my|our) (?:director|boss|manager|finance(?: team)?|cfo|ceo|board|owner|accountant|head office|team|budget|"
    r"policy) (?:wants?|needs?|won'?t|will not|expects?|requires?|insists?|says?|approved?|signs? off|caps?|allows?"
    r"|is)",
    r"before (?:approving|signing off|agreeing)",
    r"(?:approve|approving|sign off on) anything (?:below|under|above|over|less|more)",
    r"paid full price",
    r"already (?:pay|paying|paid|have)",
    r"(?:it|that|this) (?:alone )?(?:is|'s) (?:about |around |roughly |nearly |almost )?\S+ (?:of|in) \w+",
)
PROPOSING = _any(
    r"(?:i|we)(?:'ll| will| can| could|'d| would| might| may|'m| am|'re| are)(?: be)?(?: happy| willing| able| prep"
    r"ared| glad| open)?(?: to)? (?:just |also |then |even |happily |definitely |still )?(?:do|offer|go|give|includ"
    r"e|throw|knock|take|make|come|drop|meet|price|sell|put|let|stretch|manage|accept|shave|cut|bring|waive|extend|"
    r"add|move|land|settle|set|deliver|commit|agree|split|lower|reduce|discount|match|honou?r|lock|switch|swap|offe"
    r"r|run|provide|hold|keep|leave|include|bundle)",
    r"how about",
    r"what about",
    r"what if",
    r"let'?s (?:say|do|go|make|call it|settle|meet|split|agree)",
    r"i propose",
    r"we propose",
    r"i suggest",
    r"we suggest",
    r"my offer",
    r"our offer",
    r"(?:final|best|last) offer",
    r"best (?:i|we) can",
    r"i'?m offering",
    r"we'?re offering",
    r"you (?:can|could) have",
    r"you'?d (?:get|pay|have)",
    r"you (?:get|pay)\b",
    r"that gets you",
    r"works out (?:at|to)",
    r"comes (?:down )?to",
    r"in exchange",
    r"in return",
    r"here'?s (?:what|my|our)",
    r"the (?:deal|offer|package) (?:is|would be)",
    r"make it\b",
    r"call it\b",
    r"(?:i|we) can live with",
    r"(?:i|we)(?:'d| would) be (?:happy|willing|prepared|ok|okay)",
    r"meet you at",
    after=r"\b",
)
QUESTION_START = re.compile(
    r"^\W*(?:(?:so|and|but|ok(?:ay)?|well|then|right|alright|now|also|just|quick question|honestly|out of curiosity"
    r")[,]?\s+)*(?:who|what|when|where|why|how|which|whose|is|are|was|were|do|does|did|can|could|would|will|shall|s"
    r"hould|may|might|have|has|had|isn'?t|aren'?t|don'?t|doesn'?t|didn'?t|won'?t|wouldn'?t|can'?t|couldn'?t|any cha"
    r"nce|mind if)\b",
    re.I,
)
INDIRECT_ASK = re.compile(
    r"\b(?:i'?m (?:wondering|curious)|i wonder|i was wondering|(?:can|could|would) you (?:tell|walk|help) me|tell m"
    r"e|help me understand|i'?d (?:like|love) to (?:know|understand|hear)|do you mind (?:me asking|if i ask)|curiou"
    r"s (?:how|what|why|whether|if))\b",
    re.I,
)
PROPOSAL_QUESTION = re.compile(
    r"(?:\b(?:how about|what about|what if|why (?:don'?t|not) (?:we|you|i)|how does|how would|how'?s|would you (?:d"
    r"o|take|accept|go|consider|be|settle|agree|sign|commit|like|want|prefer|rather)|could you (?:do|go|live|manage"
    r"|stretch|meet|take|work|accept|sign|commit|agree)|can you (?:do|go|live|manage|stretch|meet|take|work|accept|"
    r"sign|commit|agree)|(?:could|can|shall|should) we (?:do|go|say|agree|settle|meet|make|call|split|look at|try|l"
    r"and|lock)|are you (?:ok|okay|happy|open|good|fine|comfortable|willing|able) (?:with|to)|any chance|is there a"
    r"ny chance|would (?:that|this|it|you) (?:be )?(?:work|do|suit|fly|help|ok|okay|acceptable|fine|good|enough)|do"
    r"es (?:that|this|it) (?:work|sound|suit|help|get)|could (?:that|this|it) work|(?:would|could|will|does|do) \S+"
    r"(?: \S+){0,6} (?:work|do it|suit you|be (?:ok|okay|acceptable|enough|better|fair))|is \S+(?: \S+){0,4} (?:ok|"
    r"okay|acceptable|doable|workable|any good|better|fair|closer|enough)|what do you (?:think|say) (?:of|about|to)"
    r"|what would you say to|interested in|fancy|happy to (?:go|do|take)|shall we|(?:would|will) you meet me|(?:can"
    r"|could) we meet)\b|\b(?:work|works) for you\b|\b(?:be )?(?:doable|do-able|feasible|acceptable|workable|someth"
    r"ing you could|something you'?d|enough for you|interest you|appeal)\b)",
    re.I,
)
# "If I'm following you, ...", "Let me make sure I've understood: ...": a say-back announced as one.
_FOLLOWING = re.compile(
    r"\b(?:if i'?m (?:following|reading|hearing) you(?: right)?|let me make sure i'?ve (?:understood|got)|if i'?ve "
    r"understood|so what i'?m hearing|what i'?m hearing is|just to (?:check|make sure) i'?ve got)",
    re.I,
)
# "Got it, you lost a whole day of sales", "OK so if I'm following you, your assistants are students".
_MARKED_SAYBACK = re.compile(
    r"^\W*(?:(?:ok(?:ay)?|so|right|alright|got it|i see|understood|i get it|i hear you|makes sense|fair enough|hm+|"
    r"ah|oh)[,.:]?\s+)+(?:(?:if i'?m (?:following|reading|hearing) you(?: right)?|in other words|basically)[,:]?\s+"
    r")?(?:if )?(?:you(?:'re|'ve|'d|'ll)?|your)\s+\w+",
    re.I,
)
SAYBACK = re.compile(
    r"^\W*(?:(?:so|and|ok(?:ay)?|right|alright|i see|i get it|got it|i hear you|i understand)[,.]?\s+)*(?:you(?:'re"
    r"|'ve|'d| (?:feel|felt|think|thought|said|mentioned|told me|want|wanted|need|needed|are saying|were saying|are"
    r" worried|see|consider|find|believe|are looking|have|are|were|can'?t|don'?t|just|really|still|already|pushed|p"
    r"itched|backed|chose|picked|agreed|signed))|it sounds like|sounds like|it seems like|seems like|if i (?:hear|u"
    r"nderstand|heard|got)|what i'?m hearing|so what you'?re|so for you|so it'?s|so the|so your|so that|in other wo"
    r"rds|let me (?:make sure|check)|to (?:sum|summari[sz]e)|just to (?:check|confirm|make sure)|correct me if)",
    re.I,
)
ACCEPT = _any(
    r"(?:then|fine|okay|ok|done|\$?[\d.,]+k?|[a-z]+ty(?:-[a-z]+)?) it is\W*$",
    r"(?:it'?s|that'?s|you'?ve got|you have|we have|we'?ve got|then it'?s|got) (?:a |yourself a |the )?deal",
    r"(?:i'?m|we'?re|count (?:me|us)) in\W*$",
    r"(?:is|are|'s|sounds|seems) (?:fine|ok|okay|good|acceptable)(?: (?:by|with|for) (?:me|us))?\W*(?:$|let'?s)",
    r"(?:^|[,.!;]\s*)deal\b(?!\s*(?:breaker|with|\?))",
    # "ok deal", "okay deal then", "yep deal": a yes word, then the deal, typed without a comma
    r"^\W*(?:ok(?:ay)?|sure|yes|yeah|yep|yup|fine|alright|great|perfect|right|cool|good)\s+deal\b(?!\s*(?:breaker|with|"
    r"\?))",
    r"(?:^|\W)done(?: deal)?\W*$",
    r"(?:i|we)(?: can| will|'ll| would|'d)? (?:accept|agree to|go with|take|sign|live with) (?:that|this|it|those|t"
    r"hese|your|the (?:deal|offer|terms|package))",
    r"i accept",
    r"we accept",
    # "accepted", "agreed", but not someone else's: "you agreed five thousand was the ceiling".
    r"(?<!you )(?<!they )(?<!she )(?<!he )(?<!we )(?:accepted|agreed)\b(?! (?:that|on|with|to|it was|\w+ (?:was|is)"
    r"))",
    r"(?:^|\W)agree\W*$",
    r"(?:^\W*|\b(?:that|this|it|which|all|everything) )(?:sounds|seems|looks) (?:good|great|fair|fine|perfect|right"
    r"|reasonable|like a (?:plan|deal))",
    r"(?<!how )(?<!if )(?<!whether )(?<!what )(?<!why )(?<!when )(?:that|this|it) works(?! (?:out|on|by|in|at)\b)",
    r"works? for (?:me|us)",
    r"let'?s (?:do (?:it|that|this)|go (?:with|for) (?:it|that|this|your)|go ahead|shake|sign|lock (?:it|that) in|m"
    r"ake it happen|make it official|get it signed|get (?:this|it) done|draw up|put it in writing|proceed)",
    r"shake (?:on it|hands)",
    r"count (?:me|us) in",
    r"(?:i'?m|we'?re|i am|we are) (?:happy|ok|okay|fine|good|in|comfortable|on board) with (?:that|this|it|those|yo"
    r"ur)",
    r"happy with that",
    r"(?:is|are|'s) fine (?:with|by) (?:me|us)",
    r"fine by (?:me|us)",
    r"(?:your|that|the) (?:number|price|offer|proposal|figure|terms?) (?:is|are|'s) fine",
    r"(?:i|we) can (?:do|work with|live with) that",
    r"you'?re on",
    r"sold\b",
    r"we have an agreement",
    r"(?:that|it)'?s a yes",
    r"yes,? (?:please|definitely|absolutely|let'?s|that|we|i|deal)",
    r"absolutely\W*$",
    r"go for it",
    r"i'?ll take (?:it|that)",
    r"we'?ll take (?:it|that)",
    r"(?:great|perfect|brilliant|lovely|excellent|good|wonderful|fantastic)(?:,| -| —)? (?:thank you|thanks)\W*$",
    r"you have yourself a deal",
    r"let'?s get (?:started|going|moving)",
    r"welcome aboard",
    r"pleasure doing business",
    r"i'?ll (?:send|get) (?:the|over|you) (?:the )?(?:order|contract|paperwork|agreement)",
    before=r"(?<!as low as )(?<!as high as )(?<!as far as )\b",
)
BARE_YES = re.compile(
    r"^\W*(?:yes|yeah|yep|yup|sure|ok|okay|o\.k\.|alright|all right|fine|great|perfect|excellent|good|right|absolut"
    r"ely|definitely|certainly|of course|go on then|why not|fair|cool|brilliant|lovely|sounds good)(?:[,.!]*\s*(?:y"
    r"es|yeah|sure|ok|okay|fine|great|perfect|then|thanks|thank you|no problem|sounds good|let'?s do it|go ahead|th"
    r"at'?s fine|fine then|why not|do it|go on(?: then)?))*[.!\s]*$",
    re.I,
)
_FIRM_YES = re.compile(r"^\W*(?:yes|yeah|yep|yup|absolutely|definitely|certainly|of course)\b", re.I)
# A question about the basis of their figure: what it is based on, how it was reached, what it is compared with or
# includes. It needs both a word of basis and a word (or number) for the figure.
_BASIS = re.compile(
    r"\b(?:(?:come|came|coming) (?:up with|to)|arrive[ds]? at|land(?:ed)? on|settle[ds]? on|work(?:ed)? out|calcula"
    r"t\w*|derived?|based on|basis|(?:comes?|came|coming) from|justif\w*|compar\w*|benchmark\w*|breakdown|break (?:"
    r"it|that|this) down|(?:the )?same (?:kit|spec|product|service|scope|level|number of|users|jar|thing|package|su"
    r"pport)|like[- ]for[- ]like|apples|includ\w*|cover(?:s|ed)?|made up of|behind|reasoning|from above|(?:your|the"
    r"ir) own (?:number|figure)|where (?:does|did) .{0,30} from)\b",
    re.I,
)
_FIGURE = re.compile(
    r"(?:\d|\b(?:number|figure|price|quote|target|budget|offer|rate|amount|fee|cost|percent|twenty|thirty|forty|fif"
    r"ty|sixty|hundred|thousand|grand|discount|saving|cut|that|this)\b)",
    re.I,
)
CHALLENGE = _any(
    r"how(?:'d| (?:did|do|'d|would|could)) (?:you|u) (?:get|arrive|come up|come|land|end up|work (?:it |that )?out|"
    r"calculate|fig"
    r"ure|reach|settle|decide|set|price)",
    r"how (?:was|is|were|are) (?:that|this|the|it|your|those) (?:\w+ ){0,3}(?:calculated|worked out|set|arrived at|"
    r"figured|derived|justified|priced|reached|built|put together|decided)",
    r"where(?:'s| (?:does|did|do|is)) (?:that|this|the|your|those|these|it) (?:\S+ ){0,4}(?:come from|from|coming f"
    r"rom)",
    r"what(?:'?s| is| was|'s) (?:that|this|the|your|it|those) (?:\w+ ){0,4}based on",
    r"based on what",
    r"on what basis",
    r"what (?:basis|evidence|data|benchmark)",
    r"what are you (?:comparing|basing|benchmarking)",
    r"compared (?:to|with) what",
    r"(?:comparing|measuring) (?:it|that|this|us) (?:to|against|with)",
    r"why (?:that|this|the|your|such a) (?:\w+ )?(?:number|figure|price|amount|rate|fee|discount|cut|sum)",
    r"why \$?\d",
    r"what makes (?:it|that|this|you think)",
    r"justify",
    r"justification",
    r"what'?s behind",
    r"reasoning behind",
    r"logic behind",
    r"walk me through (?:how|the|that|your|where)",
    r"break (?:it|that|this) down",
    r"is (?:that|this) (?:\$?[\d.,]+k? )?(?:quote |price |offer |figure |number )?for (?:the same|a comparable|an e"
    r"quivalent|the exact)",
    r"like[- ]for[- ]like",
    r"apples (?:to|with|for) apples",
    r"same (?:spec|specification|scope|service level|users|level)",
    r"is (?:that|this|\$?[\d.,]+k?) (?:\w+ ){0,2}(?:the|your) (?:\w+ ){0,3}(?:number|figure|budget|limit|ceiling|ca"
    r"p|target)",
    r"(?:the|your) (?:\w+ )?(?:number|figure|price|quote) (?:come|comes) from",
    r"who (?:set|came up with|decided|gave you)",
    r"what does (?:that|this) (?:number|figure|price|quote) (?:include|cover)",
    r"which (?:competitor|supplier|vendor|brand)",
    r"is that (?:a )?(?:real|firm|written|formal) (?:quote|offer|number)",
)
INSULT = _any(
    r"idiot",
    r"idiotic",
    r"stupid",
    r"moron",
    r"moronic",
    r"dumb",
    r"clown",
    r"joke of a",
    r"pathetic",
    r"ridiculous",
    r"absurd",
    r"insane",
    r"crazy",
    r"out of your (?:mind|tree)",
    r"are you (?:serious|kidding|joking|mad|nuts|insane|crazy|high)",
    r"you'?re (?:kidding|joking|dreaming|delusional|nuts|mad|crazy|insane|clueless|useless|a joke|an idiot|wasting)",
    r"amateur(?:-| )?(?:hour|ish)?",
    r"greedy",
    r"insult(?:ing)?",
    r"laughable",
    r"waste of (?:my )?time",
    r"shut up",
    r"get lost",
    r"screw (?:you|this)",
    r"damn",
    r"bloody",
    r"crap",
    r"bullshit",
    r"bs\b",
    r"rip-?off",
    r"daylight robbery",
    r"scam",
    r"incompetent",
    r"clueless",
    r"do your homework",
    r"lmao",
    r"grow up",
    r"who do you think",
    r"give me a break",
    r"robbery",
    r"wtf",
    r"come off it",
    r"you people",
    r"didn'?t (?:even )?bother",
    r"bull(?:y|ies|ying)",
    r"are all the same",
    r"clearly (?:don'?t|didn'?t|haven'?t|can'?t)",
    r"have no idea what you'?re",
    r"know nothing",
    r"(?:lol|haha)\W+(?:that'?s|you'?re|are you)",
    after=r"\b",
)
# Words that make an insult word a comment on an offer rather than abuse of a person, once alone.
_MILD = re.compile(
    r"^\W*(?:that'?s|this is|it'?s|sounds)? ?(?:a bit |quite |pretty )?(?:ridiculous|crazy|insane|absurd|steep|gree"
    r"dy)\W*$",
    re.I,
)


def sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCES.split(text) if s and s.strip()]


def clauses(sentence: str) -> list[str]:
    parts = [p.strip(" ,") for p in CLAUSE_BREAK.split(sentence) if p and p.strip(" ,")]
    return parts or [sentence]


def asks(clause: str, ending: str = "") -> bool:
    """A question: it ends with "?", or opens like one in a sentence that ends with "?" (or with nothing)."""
    stripped = clause.strip()
    if stripped.endswith("?"):
        return True
    ends = stripped[-1:] if stripped[-1:] in ".!?" else ending
    return bool(QUESTION_START.match(stripped)) and ends not in (".", "!")


_FIRST_PERSON_REFUSAL = re.compile(
    r"\b(?:i|we)(?:'m|'re| am| are)? (?:\w+ )?(?:can'?t|cannot|won'?t|will not|not)\b", re.I
)


# Someone else's wants and terms, reported: "finance wants 10% off", "your CFO needs a number he can defend",
# "those quotes don't include the premium tier". The figures are theirs or the market's, never put forward or
# turned down by the speaker.
OTHERS_SAY = re.compile(
    r"^\W*(?:(?:so|and|but|ok(?:ay)?|right|alright|i see|got it|gotcha|i hear you|i get it|understood|makes sense)"
    r"[,.:]?\s+)*(?:they|he|she|(?:those|these|their|the) (?:other )?(?:quotes?|benchmarks?|competitors?|vendors?|"
    r"suppliers?|alternatives?|offers? (?:out there|elsewhere)|other \w+)|those|these|finance|procurement|legal|"
    r"management|the board|your (?:\w+ )?(?:cfo|ceo|boss|team|finance(?: team)?|director|manager|board|company|"
    r"business|department|procurement|legal|owner|sister|brother|partner|staff|assistants|people|users|colleagues?|"
    r"stores?|warehouse|shop|managers)|"
    r"the (?:other|competing|competitor'?s?|cfo|ceo|board|director|boss|owner|team|business|company|department|market|"
    r"finance team)(?: \w+){0,2}?|(?:other|competing|cheaper) \w+(?: \w+)?|\w+ (?:team|department))"
    r"(?:'s| is| are| has| have)?\s+(?:\w+ly\s+|really\s+|still\s+|just\s+|also\s+)?(?:want|wants|wanted|need|needs|"
    r"needed|expect|expects|expected|require|requires|asked for|asks for|asking for|looking for|after|pushing for|"
    r"would like|'d like|don'?t|doesn'?t|didn'?t|do not|does not|aren'?t|isn'?t|include|includes|cover|covers|"
    r"quoted|came in|come in|charge|charges)\b",
    re.I,
)


def stance(clause: str, has_terms: bool, ending: str = "", whole: bool = False) -> Stance:
    """What `clause` does with the terms it names; the first rule that fits wins. `ending` is the punctuation that
    ends the clause's sentence; `whole` says the clause is the whole message."""
    if WALK.search(clause):
        return "walk"
    proposing = bool(PROPOSING.search(clause))
    says_back = SAYBACK.match(clause) or _MARKED_SAYBACK.match(clause) or _FOLLOWING.search(clause)
    if says_back and not (proposing or _FIRST_PERSON_REFUSAL.search(clause) or ACCEPT.search(clause)):
        return "sayback"
    asked = asks(clause, ending) or bool(INDIRECT_ASK.search(clause))
    if OTHERS_SAY.match(clause) and not (proposing or asked):
        return "fact"
    if has_terms and FLOOR.search(clause):
        return "propose"  # "I can't go lower than 44": the figure is the offer
    if REFUSE.search(clause) and not (asked and PROPOSAL_QUESTION.search(clause)):
        return "refuse"
    if BARE_NO.match(clause):
        return "refuse"
    if asked:
        return "propose" if has_terms and proposes_as_question(clause) else "ask"
    if FACT.search(clause) and not proposing:
        return "fact"
    if CONDITION.match(clause) and has_terms:
        return "condition"
    if ACCEPT.search(clause) or (whole and BARE_YES.match(clause)):
        return "accept"
    return "propose" if has_terms else "none"


_WH = re.compile(
    r"^\W*(?:(?:so|and|but|ok(?:ay)?|well|then|right|alright|now|also|just|honestly)[,]?\s+)*(?:who|what|when|where"
    r"|why|which|whose|how)\b(?! about)(?!\s+if)",
    re.I,
)
_ABOUT_THEM = re.compile(
    r"\b(?:(?:do|would|did|does|have|are|were|will|could) you (?:need|use|have|currently|still|usually|ever|already"
    r"|normally|really need|expect|plan|get|see|run|think you)|(?:is|was|are|were) (?:that|this|it|those) (?:\w+ ){"
    r"0,3}(?:the|your|their)|(?:is|was) \S+ (?:the|your) |did (?:the|your|they|it|those)|has (?:the|your)|have (?:t"
    r"he|your)|how many|how much do you|how often)\b",
    re.I,
)


# A figure put first, then what comes with it: "43 with the same package though?", "$5k plus training?", "54k then,
# same package, deal?". It offers that figure; a "same package" in it is not a like-for-like challenge.
_FIGURE_FIRST = re.compile(
    r"^\W*(?:(?:ok(?:ay)?|so|then|well|right|fine|alright|but|and|or)[,]?\s+)*(?:what about |how about )?"
    r"[$€£]?\d[\d,.]*\s?(?:k|grand)?,?\s+(?:with|plus|and|incl\w*|for|then|it is)\b",
    re.I,
)


def proposes_as_question(clause: str) -> bool:
    """ "Would 54k work?", "how about five grand?", "5k with training?" offer; "how did you get to $4,500?" and "is
    the 5k firm?" ask about theirs. A question that opens like one needs words that put terms forward."""
    if PROPOSAL_QUESTION.search(clause) or _FIGURE_FIRST.match(clause):
        return True
    return not (challenges(clause) or QUESTION_START.match(clause) or INDIRECT_ASK.search(clause))


def firm_yes(text: str) -> bool:
    """A yes that needs no confirming: "yes", "deal", "works for me"; a bare "ok" or "sure" may only be listening."""
    t = text.strip()
    if _FIRM_YES.match(t):
        return True
    return bool(ACCEPT.search(t)) and not BARE_YES.match(t)


def challenges(clause: str) -> bool:
    """Asks how their figure was reached, what it rests on, what it includes or what it is compared with."""
    if CHALLENGE.search(clause):
        return True
    return bool(
        _BASIS.search(clause)
        and _FIGURE.search(clause)
        and not (PROPOSAL_QUESTION.search(clause) or _FIGURE_FIRST.match(clause))
    )


SMALL_TALK = re.compile(
    r"\b(?:how'?s things|how'?s (?:the|your) (?:quarter|year|business|shop|store|trade|morning|week) (?:going|been|"
    r"doing)|how (?:is|are) (?:things|business|trade)|by the way|btw|congrat\w*|happy (?:monday|tuesday|wednesday|t"
    r"hursday|friday|weekend|holidays|new year|easter|christmas)|hope you(?:'re| are) (?:well|keeping well|doing we"
    r"ll)|how are you|how'?s (?:your|the) (?:day|week|weekend|morning|family|season)|good (?:morning|afternoon|even"
    r"ing)|(?:nice|great|good|lovely) to (?:meet|see|speak|talk|chat)|thanks for having me|(?:sorry|apologies) (?:i"
    r"'?m|for being|for the) .{0,30}(?:late|delay)|weather|parking|traffic|(?:looks?|looking) (?:great|lovely|amazi"
    r"ng|fantastic|fab)|love what you'?ve done|lovely (?:offices?|shop|place|store|space|view)|bank holiday|long we"
    r"ekend)\b",
    re.I,
)
ACKNOWLEDGING_THANKS = re.compile(
    r"\bthanks?(?: you)?,? (?:for (?:being|explaining|sharing|telling|clarifying|letting me know|the context|that|w"
    r"alking)|that'?s)|(?:that'?s|that is) (?:really |very |super )?(?:helpful|useful|good to know|interesting)|use"
    r"ful context|good to know",
    re.I,
)


def insults(text: str) -> bool:
    return bool(INSULT.search(text)) and not _MILD.match(text)
