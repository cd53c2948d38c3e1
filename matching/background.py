"""Background sentences for the genericity prior (`index.genericity`).

A claim that is close to *these* — ordinary news lines on the same beat that state nothing in
particular — is generic ("Russia and Belarus are allies"), and its similarity to any query says less.
Written for this purpose in the desk's languages; never taken from the evaluation set.
"""

BACKGROUND = [
    "The minister said the talks would continue next week.",
    "The president met his counterpart and discussed bilateral relations.",
    "Officials said the situation remained difficult.",
    "The government promised to respond to the criticism.",
    "Both sides described the meeting as constructive.",
    "The spokesman declined to comment on the reports.",
    "The country will not give in to pressure, the leader said.",
    "The army said fighting continued along the front line.",
    "Prices for energy rose again this winter.",
    "Experts disagree about what the agreement means.",
    "Министр заявил, что переговоры продолжатся на следующей неделе.",
    "Президент встретился с коллегой и обсудил двусторонние отношения.",
    "Официальные лица сообщили, что ситуация остаётся сложной.",
    "Представитель отказался комментировать эти сообщения.",
    "Міністр заявив, що ситуація залишається складною.",
    "Президент провів зустріч і обговорив співпрацю між країнами.",
    "大臣は来週も協議を続けると述べた。",
    "大統領は首脳と会談し、両国関係について話し合った。",
    "政府は批判に対応すると約束した。",
    "専門家の間では合意の意味について意見が分かれている。",
    "Der Minister sagte, die Gespräche würden fortgesetzt.",
    "Il presidente ha incontrato il suo omologo per discutere delle relazioni.",
    "Le porte-parole a refusé de commenter ces informations.",
    "El gobierno prometió responder a las críticas.",
    "Minister powiedział, że sytuacja pozostaje trudna.",
]
