"""What a clause does with the terms it names: puts them forward, turns them down, states them as a fact, asks
about them, says them back, agrees to them, or walks away.

A number in a message is an offer only when its clause offers it: "48k won't work for us" turns 48k down, "you paid
$57,000 last year" is history, "how did you get to $4,500?" questions their figure. The patterns are the ways people
put each of these in a negotiation; the clause, not the whole message, is their scope.
"""

import re
from typing import Literal

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

WALK = re.compile(
    r"\b(?:walk(?:ing)? away|(?:i|we)(?:'ll| will| are going to|'re going to|'m going to| have to| must| should)? ("
    r"?:have to |need to |going to )?pass\b|(?:we're|we are|i'm|i am) (?:done|out)\b|(?:let's|we'll|we should|i'll|"
    r"i think we should|we may as well|might as well) (?:leave it|call it a day|end (?:it|this|the call)|stop (?:he"
    r"re|there)|part ways|go our (?:separate )?ways)|(?:this|it)(?:'s| is) not going to (?:work out|happen)|no deal"
    r"(?:,| then| today| for)|(?:end|ending|close) (?:this|the) (?:call|conversation|negotiation)|(?:look|go|shop) "
    r"elsewhere|(?:i|we)(?:'ll| will) (?:have to )?(?:decline|take (?:our|my) business)|(?:i'm|we're|i am|we are) ("
    r"?:walking|leaving|out of here)|thanks for your time\W*$|(?:have to|'ll have to|will have to|going to have to|"
    r"better) (?:leave it|let (?:you|this|it) go|let you (?:run|go)|walk)|good luck with|best of luck|thanks for yo"
    r"ur time,? but|goodbye|good ?bye|bye for now|(?:i|we) (?:can't|cannot) (?:go|take|do) (?:this|it) any further)",
    re.I,
)

_REFUSE_VERB = (
    r"(?:do|accept|agree(?: to)?|go|afford|take|pay|give|include|throw in|add|offer|sign|approve|match|justify|stre"
    r"tch|manage|swallow|budge|drop|stomach|sell|deliver|commit|extend|waive|support|provide|honou?r|make|put|lose|"
    r"absorb|go along with|work with|entertain|consider|live with|meet|run|fund|stand|keep|hold|maintain|continue|l"
    r"eave|carry|staff|justify|get (?:that|it|this) (?:past|through|approved))"
)
REFUSE = re.compile(
    r"\b(?:(?:won'?t|doesn'?t|does not|will not|wouldn'?t|would not|isn'?t going to|is not going to|not going to|ai"
    r"n'?t going to|can'?t|cannot|don'?t|do not|didn'?t) (?:really |quite |ever |possibly )?(?:work|fly|happen|cut "
    r"it|do it|wash|stack up|add up|make sense|be possible)|not (?:possible|an option|doable|feasible|happening|acc"
    r"eptable|on the table|workable|something (?:i|we) can|going to happen|viable|realistic|sustainable|affordable|"
    r"in (?:my|our|the) budget|within (?:my|our) (?:remit|budget|authority))|n'?t (?:\w+ )?(?:possible|an option|do"
    r"able|feasible|happening|acceptable|workable|viable|realistic|sustainable|affordable|going to happen)|(?:is|'s"
    r") a (?:no|hard no|non-starter|step too far)\b|(?:i|we|they|my \w+|finance|legal)(?: really| just| simply| hon"
    r"estly| definitely| absolutely| still)? (?:can'?t|cannot|can not|couldn'?t|could not|won'?t|will not|wouldn'?t"
    r"|would not|shouldn'?t|am not able to|'m not able to|are not able to|'re not able to|am unable to|are unable t"
    r"o|'m not in a position to|are not in a position to|'re not in a position to|'m not going to|'re not going to|"
    r"refuse to|don'?t want to|do not want to|have no (?:room|way) to|never) (?:\w+ )?"
    + _REFUSE_VERB
    + r"|no way|out of the question|too (?:high|low|much|steep|rich|expensive|cheap|far|"
    r"little|big|aggressive|deep|tight|short|long)|below (?:what|our|my|cost|the floor|anything|where)|under (?:our"
    r"|my) (?:floor|cost|costs|minimum)|(?:under|below) what (?:it|they|that) costs?|(?:i|we)(?:'d|'ll| would| will"
    r") (?:rather not|have to say no|have to decline)|no deal|non-?starter|off the table|not willing|not prepared t"
    r"o|no can do|not a chance|forget (?:it|about it)|nice try|(?:i|we) (?:never|didn'?t|did not) (?:agree|say|offe"
    r"r|propose)|hang on|hold on|not so fast|absolutely not|definitely not|certainly not|not at (?:that|this)|nowhe"
    r"re near|(?:can'?t|cannot|couldn'?t) (?:go|come|get|drop|move) (?:that|so|any) ?(?:low|high|far|lower|higher|f"
    r"urther)|(?:that|this|it)(?:'s| is) (?:a )?(?:no|not) (?:go|goer|deal)|deal ?breaker|is(?:n'?t| not) (?:someth"
    r"ing|a thing) (?:i|we) (?:can|could|do))",
    re.I,
)
BARE_NO = re.compile(
    r"^\W*(?:(?:no|nope|nah)(?:\W*$|[,.!]+\s*|\s+(?=(?:way|deal|thanks|thank|sorry|chance|i|we|that|it|this)\b))|no"
    r" thanks|no thank you|not really|i don'?t think so|afraid not|sorry,? no)",
    re.I,
)

FACT = re.compile(
    r"\b(?:paid(?! (?:in full|upfront|up front|on|monthly|over|in (?:one|two|three|\d)|at|by|when))|spent|were payi"
    r"ng|was paying|used to pay|have been paying|'ve been paying|last (?:year|time|spring|summer|autumn|fall|winter"
    r"|month|quarter|round|contract|renewal|order)|(?:a )?(?:year|month|week)s? ago|previously|originally|in the pa"
    r"st|historically|so far this year|to date|costs? (?:us|me|you|them|the business|the company)|cost (?:to|of|pri"
    r"ce)|our costs?|my costs?|(?:us|me) about|margin|overheads?|in hardware|in (?:labour|labor|staff) (?:time|cost"
    r"s?)|of (?:\w+ )?time\b|(?:helpdesk|support|engineering|consultant|staff|driver) (?:time|hours|days|costs?)|wo"
    r"rth of|competitors?|rivals?|national brands?|other (?:suppliers|vendors|brands|providers)|elsewhere (?:charge"
    r"|pay|offer)|(?:market|going) rate (?:is|was)|list price (?:is|was)|lists? (?:at|for)|listed at|retails? (?:at"
    r"|for)|went up|gone up|rose|rising|increased? (?:by|of)|(?:comes|came) from|is where|(?:price|fee|rate|quote|c"
    r"ost|it|that) (?:was|were|used to be)\b|sold (?:well|out|through)|the quote (?:is|was)|(?:is|was) (?:the|our) "
    r"(?:list|sticker|retail) price|rrp|for context|for reference|for what it'?s worth|just so you know|fyi|worked "
    r"together|been (?:a |our )?(?:customers?|clients?|partners?)|been with (?:us|you)|known each other|(?:my|our) "
    r"(?:director|boss|manager|finance(?: team)?|cfo|ceo|board|owner|accountant|head office|team|budget|policy) (?:"
    r"wants?|needs?|won'?t|will not|expects?|requires?|insists?|says?|approved?|signs? off|caps?|allows?|is)|before"
    r" (?:approving|signing off|agreeing)|(?:approve|approving|sign off on) anything (?:below|under|above|over|less"
    r"|more)|paid full price|already (?:pay|paying|paid|have)|(?:it|that|this) (?:alone )?(?:is|'s) (?:about |aroun"
    r"d |roughly |nearly |almost )?\S+ (?:of|in) \w+)",
    re.I,
)
PROPOSING = re.compile(
    r"\b(?:(?:i|we)(?:'ll| will| can| could|'d| would| might| may|'m| am|'re| are)(?: be)?(?: happy| willing| able|"
    r" prepared| glad| open)?(?: to)? (?:just |also |then |even |happily |definitely |still )?(?:do|offer|go|give|i"
    r"nclude|throw|knock|take|make|come|drop|meet|price|sell|put|let|stretch|manage|accept|shave|cut|bring|waive|ex"
    r"tend|add|move|land|settle|set|deliver|commit|agree|split|lower|reduce|discount|match|honou?r|lock|switch|swap"
    r"|offer|run|provide|hold|keep|leave|include|bundle)|how about|what about|what if|let'?s (?:say|do|go|make|call"
    r" it|settle|meet|split|agree)|i propose|we propose|i suggest|we suggest|my offer|our offer|(?:final|best|last)"
    r" offer|best (?:i|we) can|i'?m offering|we'?re offering|you (?:can|could) have|you'?d (?:get|pay|have)|you (?:"
    r"get|pay)\b|that gets you|works out (?:at|to)|comes (?:down )?to|in exchange|in return|here'?s (?:what|my|our)"
    r"|the (?:deal|offer|package) (?:is|would be)|make it\b|call it\b|(?:i|we) can live with|(?:i|we)(?:'d| would) "
    r"be (?:happy|willing|prepared|ok|okay)|meet you at)\b",
    re.I,
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
    r"(?:\b(?:how about|what about|what if|how does|how would|how'?s|would you (?:do|take|accept|go|consider|be|set"
    r"tle|agree|sign|commit|like|want|prefer|rather)|could you (?:do|go|live|manage|stretch|meet|take|work|accept|s"
    r"ign|commit|agree)|can you (?:do|go|live|manage|stretch|meet|take|work|accept|sign|commit|agree)|(?:could|can|"
    r"shall|should) we (?:do|go|say|agree|settle|meet|make|call|split|look at|try|land|lock)|are you (?:ok|okay|hap"
    r"py|open|good|fine|comfortable|willing|able) (?:with|to)|any chance|is there any chance|would (?:that|this|it|"
    r"you) (?:be )?(?:work|do|suit|fly|help|ok|okay|acceptable|fine|good|enough)|does (?:that|this|it) (?:work|soun"
    r"d|suit|help|get)|could (?:that|this|it) work|(?:would|could|will|does|do) \S+(?: \S+){0,6} (?:work|do it|suit"
    r" you|be (?:ok|okay|acceptable|enough|better|fair))|is \S+(?: \S+){0,4} (?:ok|okay|acceptable|doable|workable|"
    r"any good|better|fair|closer|enough)|what do you (?:think|say) (?:of|about|to)|what would you say to|intereste"
    r"d in|fancy|happy to (?:go|do|take)|shall we|(?:would|will) you meet me|(?:can|could) we meet)\b|\b(?:work|wor"
    r"ks) for you\b|\b(?:be )?(?:doable|do-able|feasible|acceptable|workable|something you could|something you'?d|e"
    r"nough for you|interest you|appeal)\b)",
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
ACCEPT = re.compile(
    r"(?<!as low as )(?<!as high as )(?<!as far as )\b(?:\S+ it is\W*$|(?:it'?s|that'?s|you'?ve got|you have|we hav"
    r"e|we'?ve got|then it'?s|got) (?:a |yourself a )?deal|(?:^|[,.!;]\s*)deal\b(?!\s*(?:breaker|with|\?))|(?:^|\W)"
    r"done(?: deal)?\W*$|(?:i|we)(?: can| will|'ll| would|'d)? (?:accept|agree to|go with|take|sign|live with) (?:t"
    r"hat|this|it|those|these|your|the (?:deal|offer|terms|package))|i accept|we accept|accepted|agreed|(?:^|\W)agr"
    r"ee\W*$|(?:^\W*|\b(?:that|this|it|which|all|everything) )(?:sounds|seems|looks) (?:good|great|fair|fine|perfec"
    r"t|right|reasonable|like a (?:plan|deal))|(?:that|this|it) works|works? for (?:me|us)|let'?s (?:do (?:it|that|"
    r"this)|go (?:with|for) (?:it|that|this|your)|go ahead|shake|sign|lock (?:it|that) in|make it happen|make it of"
    r"ficial|get it signed|get (?:this|it) done|draw up|put it in writing|proceed)|shake (?:on it|hands)|count (?:m"
    r"e|us) in|(?:i'?m|we'?re|i am|we are) (?:happy|ok|okay|fine|good|in|comfortable|on board) with (?:that|this|it"
    r"|those|your)|happy with that|(?:is|are|'s) fine (?:with|by) (?:me|us)|fine by (?:me|us)|(?:your|that|the) (?:"
    r"number|price|offer|proposal|figure|terms?) (?:is|are|'s) fine|(?:i|we) can (?:do|work with|live with) that|yo"
    r"u'?re on|sold\b|we have an agreement|(?:that|it)'?s a yes|yes,? (?:please|definitely|absolutely|let'?s|that|w"
    r"e|i|deal)|absolutely\W*$|go for it|i'?ll take (?:it|that)|we'?ll take (?:it|that)|(?:great|perfect|brilliant|"
    r"lovely|excellent|good|wonderful|fantastic)(?:,| -| —)? (?:thank you|thanks)\W*$|you have yourself a deal|let'"
    r"?s get (?:started|going|moving)|welcome aboard|pleasure doing business|i'?ll (?:send|get) (?:the|over|you) (?"
    r":the )?(?:order|contract|paperwork|agreement))",
    re.I,
)
BARE_YES = re.compile(
    r"^\W*(?:yes|yeah|yep|yup|sure|ok|okay|o\.k\.|alright|all right|fine|great|perfect|excellent|good|right|absolut"
    r"ely|definitely|certainly|of course|go on then|why not|fair|cool|brilliant|lovely|sounds good)(?:[,.!]*\s*(?:y"
    r"es|yeah|sure|ok|okay|fine|great|perfect|then|thanks|thank you|no problem|sounds good|let'?s do it|go ahead|th"
    r"at'?s fine|fine then|why not|do it))*[.!\s]*$",
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
CHALLENGE = re.compile(
    r"\b(?:how (?:did|do|'d|would|could) you (?:get|arrive|come up|come|land|end up|work (?:it |that )?out|calculat"
    r"e|figure|reach|settle|decide|set|price)|how (?:was|is|were|are) (?:that|this|the|it|your|those) (?:\w+ ){0,3}"
    r"(?:calculated|worked out|set|arrived at|figured|derived|justified|priced|reached|built|put together|decided)|"
    r"where (?:does|did|do|is|'s) (?:that|this|the|your|those|these|it) (?:\w+ ){0,4}(?:come from|from|coming from)"
    r"|what(?:'?s| is| was|'s) (?:that|this|the|your|it|those) (?:\w+ ){0,4}based on|based on what|on what basis|wh"
    r"at (?:basis|evidence|data|benchmark)|what are you (?:comparing|basing|benchmarking)|compared (?:to|with) what"
    r"|(?:comparing|measuring) (?:it|that|this|us) (?:to|against|with)|why (?:that|this|the|your|such a) (?:\w+ )?("
    r"?:number|figure|price|amount|rate|fee|discount|cut|sum)|why \$?\d|what makes (?:it|that|this|you think)|justi"
    r"fy|justification|what'?s behind|reasoning behind|logic behind|walk me through (?:how|the|that|your|where)|bre"
    r"ak (?:it|that|this) down|is (?:that|this) (?:\$?[\d.,]+k? )?(?:quote |price |offer |figure |number )?for (?:t"
    r"he same|a comparable|an equivalent|the exact)|like[- ]for[- ]like|apples (?:to|with|for) apples|same (?:spec|"
    r"specification|scope|service level|users|level)|is (?:that|this|\$?[\d.,]+k?) (?:\w+ ){0,2}(?:the|your) (?:\w+"
    r" ){0,3}(?:number|figure|budget|limit|ceiling|cap|target)|(?:the|your) (?:\w+ )?(?:number|figure|price|quote) "
    r"(?:come|comes) from|who (?:set|came up with|decided|gave you)|what does (?:that|this) (?:number|figure|price|"
    r"quote) (?:include|cover)|which (?:competitor|supplier|vendor|brand)|is that (?:a )?(?:real|firm|written|forma"
    r"l) (?:quote|offer|number))",
    re.I,
)
INSULT = re.compile(
    r"\b(?:idiot|idiotic|stupid|moron|moronic|dumb|clown|joke of a|pathetic|ridiculous|absurd|insane|crazy|out of y"
    r"our (?:mind|tree)|are you (?:serious|kidding|joking|mad|nuts|insane|crazy|high)|you'?re (?:kidding|joking|dre"
    r"aming|delusional|nuts|mad|crazy|insane|clueless|useless|a joke|an idiot|wasting)|amateur(?:-| )?(?:hour|ish)?"
    r"|greedy|insult(?:ing)?|laughable|waste of (?:my )?time|shut up|get lost|screw (?:you|this)|damn|bloody|crap|b"
    r"ullshit|bs\b|rip-?off|daylight robbery|scam|incompetent|clueless|do your homework|lmao|grow up|who do you thi"
    r"nk|give me a break|robbery|wtf|come off it|you people|didn'?t (?:even )?bother|bull(?:y|ies|ying)|are all the"
    r" same|clearly (?:don'?t|didn'?t|haven'?t|can'?t)|have no idea what you'?re|know nothing|(?:lol|haha)\W+(?:tha"
    r"t'?s|you'?re|are you))\b",
    re.I,
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


def stance(clause: str, has_terms: bool, ending: str = "", whole: bool = False) -> Stance:
    """What `clause` does with the terms it names; the first rule that fits wins. `ending` is the punctuation that
    ends the clause's sentence; `whole` says the clause is the whole message."""
    if WALK.search(clause):
        return "walk"
    proposing = bool(PROPOSING.search(clause))
    if SAYBACK.match(clause) and not (proposing or _FIRST_PERSON_REFUSAL.search(clause) or ACCEPT.search(clause)):
        return "sayback"
    asked = asks(clause, ending) or bool(INDIRECT_ASK.search(clause))
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


def proposes_as_question(clause: str) -> bool:
    """ "Would 54k work?", "how about five grand?", "5k with training?" offer; "how did you get to $4,500?" and "is
    the 5k firm?" ask about theirs. A question that opens like one needs words that put terms forward."""
    if PROPOSAL_QUESTION.search(clause):
        return True
    return not (CHALLENGE.search(clause) or QUESTION_START.match(clause) or INDIRECT_ASK.search(clause))


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
    return bool(_BASIS.search(clause) and _FIGURE.search(clause) and not PROPOSAL_QUESTION.search(clause))


SMALL_TALK = re.compile(
    r"\b(?:by the way|btw|congrat\w*|happy (?:monday|tuesday|wednesday|thursday|friday|weekend|holidays|new year|ea"
    r"ster|christmas)|hope you(?:'re| are) (?:well|keeping well|doing well)|how are you|how'?s (?:your|the) (?:day|"
    r"week|weekend|morning|family|season)|good (?:morning|afternoon|evening)|(?:nice|great|good|lovely) to (?:meet|"
    r"see|speak|talk|chat)|thanks for having me|(?:sorry|apologies) (?:i'?m|for being|for the) .{0,30}(?:late|delay"
    r")|weather|parking|traffic|(?:looks?|looking) (?:great|lovely|amazing|fantastic|fab)|love what you'?ve done|lo"
    r"vely (?:offices?|shop|place|store|space|view)|bank holiday|long weekend)\b",
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
