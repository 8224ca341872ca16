"""The scripted trainees' phrase banks: how salespeople actually type, terse and long, with hedges and small talk.

Written from how people talk on sales calls, not from the reader's patterns. Slots in braces are filled by the
trainee: {package}, {price}, {mine}, {theirs} and the like are amounts and options in the scenario's own words.
"""

from collections.abc import Sequence

# Saying back a reveal: {heard} is their sentence in our words, {issue} the issue it bears on.
REFLECT = [
    "Ah, so {heard}. That makes sense.",
    "Got it, {heard}.",
    "Right, so {heard}. That's useful to know.",
    "OK so if I'm following you, {heard}.",
    "That's really helpful. So {heard}, and the {issue} matters a lot because of that.",
    "Wow, ok. So {heard}? No wonder the {issue} is on your mind.",
    "Makes sense. Sounds like {heard}.",
    "I see, {heard}. Thanks for telling me that.",
    "So {heard}, which means the {issue} is a big deal for you. Did I get that right?",
    "Let me make sure I've understood: {heard}.",
    "Hm, so {heard}. I can see why that matters.",
    "That's fair. So {heard}, and you want to avoid that happening again.",
    "Understood, {heard}. Thank you, that helps me a lot.",
]

# Asking about their needs in our own words; {topic} is an issue name.
ASK = [
    "Before we get into numbers, can I ask what matters most to you on the {topic}?",
    "What's behind your thinking on the {topic}?",
    "Can you tell me a bit about how the {topic} fits into things on your side?",
    "How important is the {topic} to you, and why?",
    "out of curiosity, what would the ideal {topic} look like for you?",
    "Help me understand what you need from the {topic}. What's driving it?",
    "What's the story with the {topic}? Anything I should know?",
    "Quick question on the {topic}: what would make it work really well for you?",
    "I'd love to understand your situation better. Where does the {topic} come into it for you?",
    "What worries you most about the {topic}, if anything?",
    "Talk me through the {topic} from your side. What has to be true for it to work?",
]

# The scenario's own question, wrapped the way people lead into one.
ASK_THEIR_WAY = [
    "{question_cap}",
    "Can I ask you something first? {question_cap}",
    "Out of interest, {question}",
    "Before we talk price, {question}",
    "Just so I understand where you're coming from: {question}",
    "Sorry, one more thing I wanted to ask. {question_cap}",
]

# Asking what their figure is based on: {figure} is their price or 'that number'.
CHALLENGE = [
    "How did you get to {figure}?",
    "Can I ask how you arrived at {figure}?",
    "What's {figure} based on?",
    "{figure}? Walk me through how you came up with that.",
    "Where does {figure} come from, out of interest?",
    "Help me understand the thinking behind {figure}.",
    "That's quite a way from where I'd expected. How did you land on {figure}?",
    "what are you basing {figure} on?",
]

# Putting a whole package on the table: {package} names every issue.
PROPOSE = [
    "How about {package}?",
    "Would {package} work for you?",
    "What if we did {package}?",
    "Here's what I can do: {package}.",
    "Let me put something on the table. {package}. How does that sound?",
    "{package} - does that work?",
    "ok so {package}. thoughts?",
    "I'm thinking {package}.",
    "Given everything you've told me, I'd suggest {package}. I think that covers what you need and works for us too.",
    "Could we land on {package}?",
    "I've been thinking about what you said, and I think there's a deal here that works for both of us: {package}.",
    "My proposal: {package}.",
    "I could do {package}. Would that get us there?",
    "How would you feel about {package}?",
]

# A package as a condition: {asked} is what they commit to, {given} the rest of the package.
CONDITIONAL = [
    "If you can commit to {asked}, I can do {given}.",
    "I can do {given} if you go for {asked}.",
    "Tell you what: {asked} from your side, and I'll do {given}.",
    "if we agree on {asked} then {given} works for me",
]

# The last package again with only the price changed, or one option swapped; or held as it was.
SAME_BUT_PRICE = [
    "Same as before, but I can come down to {price}.",
    "Everything else as I said, at {price}.",
    "Keep the rest the same and make it {price}?",
    "ok, same package, {price}. That's a real move for me.",
    "Let's leave everything else as it is and call it {price}.",
]
SAME_BUT_OPTION = [
    "Same as before, but with {new} instead of {old}.",
    "Everything else as I said, just {new} rather than {old}.",
    "What if we keep it all the same but swap {old} for {new}?",
]
HOLD = [
    "I'm going to stick with what I offered.",
    "I think my last offer is fair, and I'd like to stay there.",
    "My offer stands as it is.",
]

# Trading for a nibble: {extra} is what they asked for, {up} the price that pays for it, {price} the current price.
TRADE = [
    "I can include {extra} if we move to {up}.",
    "Happy to throw in {extra}, but then it's {up}.",
    "{extra}? Sure, if you can meet me at {up}.",
    "I can do {extra}, but not at {price}. Make it {up} and it's yours.",
    "If I throw in {extra}, would you go to {up}?",
    "{extra} costs us real money, so I'd need {up} for that.",
    "ok - {extra} for {up}, deal?",
]

# Re-pricing a dismantled package: {item} taken out, {price} the price for the rest, {theirs} their price.
REPRICE = [
    "Sure, we can take out {item}. Without it I can do {price}.",
    "Fine, drop {item}. For the rest the price is {price}.",
    "We can leave out {item}, no problem. That makes it {price}.",
    "Without {item} I can do {price}.",
    "If {item} comes out, the package is {price}.",
]
REPRICE_NOT_THEIRS = [
    "Sure, we can drop {item}, but then it's {price}, not {theirs}.",
    "Taking out {item} is fine, but {theirs} isn't possible. {price} for the rest.",
    "{theirs} won't work for us, even without {item}. I can do {price}.",
]

# Answering the counterpart's recap before it closes ("So that's … — do we have a deal?").
CONFIRM_YES = [
    "Yes, that's the deal.",
    "Yes, agreed.",
    "Yes. Let's shake on it.",
    "Yep, that's right. Deal.",
    "That's it exactly, deal.",
    "Correct, let's do it.",
]
NOT_WHAT_I_SAID = [
    "No, that's not quite what I said. It's {package}.",
    "Not quite - what I offered was {package}.",
    "Hang on, no. {package}, that's my offer.",
]

# The haggler.
WHAT_PRICE = [
    "Let's cut to it. What's your price?",
    "So what number did you have in mind?",
    "Let's not dance around it - where are you on price?",
    "ok, what are you looking to pay?",
    "Right, let's talk money. What's your number?",
]
HAGGLE = [
    "{theirs} won't work for us. I can do {mine}.",
    "{theirs} is too low, I'm afraid. {mine} is the best I can do.",
    "No, can't do {theirs}. I'm at {mine}.",
    "I can't go down to {theirs}, sorry. How about {mine}?",
    "That's not going to fly. {mine} is my number.",
    "Would {mine} work?",
    "I hear you, but {theirs} doesn't work for us. {mine}, and that's me being generous.",
    "{mine}, final answer.",
    "Look, I need {mine}. Can't do less than that.",
    "Why {theirs}? Honestly, I can do {mine}.",
    "{theirs} isn't possible. {mine}?",
]
MY_NUMBER = [
    "{mine}, that's where I am.",
    "I'm still at {mine}.",
    "Like I said, {mine}.",
    "Look, {mine} is my number.",
]
SPLIT = [
    "Let's split the difference.",
    "ok how about we meet halfway?",
    "Why don't we just split the difference and be done?",
]
COME_DOWN = [
    "I can come down another {step}, so {mine}.",
    "Alright, I'll come down {step}: {mine}.",
    "Fine, {step} off. {mine}.",
]
HAGGLER_YES = [
    "Fine. Deal.",
    "Fine, {price} it is. Deal.",
    "ok, deal.",
    "Alright, you've got a deal at {price}.",
    "Let's shake on it.",
    "Works for me, let's do it.",
]
ADD_IT = [
    "Fine, {extra} it is.",
    "ok, {extra}, fine. Deal.",
    "Fine, you can have {extra}. Done.",
]
NO_EXTRA = [
    "No, I can't do {extra}.",
    "Sorry, {extra} isn't possible.",
    "No. The price is the price, I can't do {extra} on top.",
    "Not at this price, no. Can't do {extra}.",
]

# The pushover.
PUSHOVER_YES = [
    "Sure, that works. Deal.",
    "Works for me!",
    "Sure, let's do it.",
    "yep, sounds good, deal",
    "Absolutely, happy with that.",
    "great, let's shake on it",
    "OK, that's fine by me. Deal.",
    "Yes, let's go with that.",
    "{price}? Sure, that works for me.",
    "Yeah, {price} is fine. Let's do it.",
    "Oh that's totally fair. Deal!",
    "Perfect, I'm happy with {price}. You've got a deal.",
    "no problem at all, let's go ahead",
    "Sounds good to me, let's get it signed.",
    "That all sounds reasonable, I'm in.",
    "Sure thing, deal.",
]
PUSHOVER_CHAT = [
    "Hi! Great to meet you. What are you thinking?",
    "Hi! Lovely to meet you. What did you have in mind?",
    "hey, thanks for taking the call :) what are you thinking?",
    "Happy to hear your proposal.",
    "Sounds great, what would you suggest?",
    "I'm easy, honestly. What's your offer?",
    "Hello! How's your week going? Go ahead, what's your offer?",
    "Thanks so much for making the time. What would you propose?",
    "Hi there, good to finally talk. I'm listening!",
    "Morning! I'm sure we can sort something out. What's the offer?",
    "Ha, I'm flexible. Name your terms.",
    "Oh, happy to go with whatever makes sense for you. What did you have in mind?",
]

# Anyone, when the call has gone on too long.
WALK_AWAY = [
    "I don't think we're going to get there. Thanks for your time, but I'm going to walk away from this one.",
    "Let's leave it here. No deal this time, but thanks.",
    "I'm sorry, this doesn't work for us. We'll pass.",
    "I think we're too far apart. I'll have to walk away, thanks anyway.",
]


def name_of(bank: Sequence[str]) -> str:
    """The bank's name, for the record of what each line was drawn from."""
    return next(name.lower() for name, value in globals().items() if value is bank)
