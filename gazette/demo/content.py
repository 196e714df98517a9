"""The demo newsroom: The Valmora Ledger, a fictional city paper.

Every name, place, quote and post here is invented for Gazette. Article 1
mirrors the reference page DESIGN.md describes: a "(Photos)" headline, a
credited hero photo, a gallery, an official statement quoted from a social
post, and related coverage.
"""

from __future__ import annotations

from typing import Any

NEWSROOM = {
    "name": "The Valmora Ledger",
    "tagline": "Independent news for the city of Valmora",
    "social_handle": "ValmoraLedger",
}

AUTHORS = [
    {
        "slug": "marta-ilves",
        "name": "Marta Ilves",
        "role": "City and environment reporter",
        "bio": "Marta covers the harbour, the coast and the people who live beside them. "
        "She has reported from Valmora for eleven years.",
        "seed": 501,
    },
    {
        "slug": "tomas-rendell",
        "name": "Tomás Rendell",
        "role": "Politics editor",
        "bio": "Tomás follows the city council, its budget and its elections. "
        "Before joining the Ledger he edited a weekly in the northern valleys.",
        "seed": 502,
    },
]

SECTIONS = [
    ("city", "City", "Streets, services and neighbourhoods of Valmora."),
    (
        "environment",
        "Environment",
        "The coast, the climate and the land around the city.",
    ),
    ("politics", "Politics", "The council, the budget and the ballot box."),
    ("culture", "Culture", "Arts, festivals, books and the life of the city."),
]

CPA = "Valmora Civil Protection Agency"
CPA_HANDLE = "ValmoraCPA"
CPA_URL = "https://social.valmora.example/@ValmoraCPA"

# Images: key -> (title, kind, mood, seed, caption, credit, source, source url)
IMAGES = {
    "flood-hero": (
        "Floodwater on Quay Road at dawn",
        "flood",
        "dawn",
        11,
        "Water fills Quay Road beside the fish market at first light on Tuesday.",
        "Photo: Valmora Civil Protection Agency",
        f"{CPA} (@{CPA_HANDLE}) on Twitter",
        f"{CPA_URL}/posts/1104",
    ),
    "flood-1": (
        "Chandler Street under water",
        "flood",
        "storm",
        12,
        "Chandler Street, where 140 residents left their homes overnight.",
        "Photo: Marta Ilves",
        "",
        "",
    ),
    "flood-2": (
        "Pumps at the fish market",
        "street",
        "dawn",
        13,
        "Pumps draining the fish market's loading bay.",
        "Photo: Marta Ilves",
        "",
        "",
    ),
    "flood-3": (
        "Boats in the flooded marina",
        "harbour",
        "storm",
        14,
        "Boats torn from their moorings in the inner marina.",
        "Photo: Valmora Civil Protection Agency",
        f"{CPA} (@{CPA_HANDLE}) on Twitter",
        f"{CPA_URL}/posts/1107",
    ),
    "flood-4": (
        "The breach in the sea wall",
        "flood",
        "day",
        15,
        "The forty-metre breach in the sea wall, seen from the breakwater.",
        "Photo: Marta Ilves",
        "",
        "",
    ),
    "flood-5": (
        "Volunteers at Dock Street",
        "street",
        "night",
        16,
        "Volunteers at the Dock Street sports hall, where the displaced spent the night.",
        "Photo: Marta Ilves",
        "",
        "",
    ),
    "harbour": (
        "Valmora harbour on a calm day",
        "harbour",
        "day",
        21,
        "The harbour front in calmer weather.",
        "Photo: Marta Ilves",
        "",
        "",
    ),
    "council": (
        "Valmora city hall",
        "council",
        "storm",
        22,
        "Valmora city hall on Assembly Square.",
        "Photo: Tomás Rendell",
        "",
        "",
    ),
    "dunes": (
        "Dune grass on North Beach",
        "dunes",
        "day",
        23,
        "New dune grass on North Beach.",
        "Photo: Marta Ilves",
        "",
        "",
    ),
    "festival": (
        "Harbour festival lights",
        "festival",
        "night",
        24,
        "Lights over last year's harbour festival.",
        "Photo: Marta Ilves",
        "",
        "",
    ),
    "street": (
        "Old town street at night",
        "street",
        "night",
        25,
        "An old town street after dark.",
        "Photo: Tomás Rendell",
        "",
        "",
    ),
    "tide": (
        "High tide at the breakwater",
        "harbour",
        "storm",
        26,
        "High tide at the breakwater.",
        "Photo: Marta Ilves",
        "",
        "",
    ),
}

# Articles, newest first. days: how many days before the demo was loaded.
ARTICLES: list[dict[str, Any]] = [
    {
        "slug": "sea-wall-breach-floods-harbour-district",
        "section": "city",
        "title": "Sea wall breach floods Valmora's harbour district overnight (Photos)",
        "standfirst": "A forty-metre section of the harbour wall gave way at the year's highest "
        "tide, sending seawater through the streets around the fish market.",
        "authors": ["marta-ilves"],
        "topics": ["Flooding", "Sea wall", "Harbour district"],
        "hero": "flood-hero",
        "days": 0,
        "related": ["engineers-warned-of-sea-wall-weakness", "tides-rising-faster"],
        "body": [
            (
                "paragraph",
                "<p>Seawater poured through a forty-metre breach in the harbour sea "
                "wall shortly after 2 a.m. on Tuesday, flooding streets across Valmora's harbour "
                "district to a depth of more than a metre in places. No one was seriously hurt, "
                "the city's civil protection agency said, but 140 residents spent the night in "
                "the Dock Street sports hall.</p>",
            ),
            (
                "paragraph",
                "<p>The breach opened during the highest tide of the year, pushed "
                "higher still by a south-westerly gale. By dawn the water had reached the steps "
                "of the fish market and filled the underground car park on Quay Road.</p>",
            ),
            (
                "social_post",
                {
                    "author_name": CPA,
                    "handle": CPA_HANDLE,
                    "network": "Twitter",
                    "posted_hours_ago": 5,
                    "text": "OFFICIAL: The sea wall on Quay Road was breached at 02:10. Crews are "
                    "on site.\n\nResidents of the harbour district between Quay Road and Chandler "
                    "Street should stay on upper floors or go to the Dock Street sports hall. Do "
                    "not drive through flood water. Next update 07:00.",
                    "url": f"{CPA_URL}/posts/1102",
                },
            ),
            ("heading", "A long night on Chandler Street"),
            (
                "paragraph",
                "<p>Residents of Chandler Street, the lowest street in the district, "
                "were woken by neighbours banging on doors. Many carried children and pets up to "
                "the first floors of the terraced houses before civil protection crews arrived "
                "with boats at around 3 a.m.</p>",
            ),
            (
                "pull_quote",
                (
                    "We heard it before we saw it: a roar, and then the street was a river.",
                    "Ines Carvalho, Chandler Street resident",
                ),
            ),
            (
                "gallery",
                (
                    "The harbour district at first light",
                    ["flood-1", "flood-2", "flood-3", "flood-4", "flood-5"],
                ),
            ),
            (
                "paragraph",
                "<p>The agency said pumps would run through Wednesday and that "
                "engineers would inspect the rest of the wall before the next spring tide. Power "
                "was cut to 600 homes as a precaution and had been restored to all but 90 by "
                "midday.</p>",
            ),
            ("heading", "What happens next"),
            (
                "paragraph",
                "<p>The city council will meet in emergency session on Thursday. "
                "Residents can report damage to the civil protection agency's hotline; the agency "
                "asks people not to enter flooded basements until the power has been checked.</p>",
            ),
        ],
    },
    {
        "slug": "engineers-warned-of-sea-wall-weakness",
        "section": "environment",
        "title": "Engineers warned of sea wall weakness two years ago, records show",
        "standfirst": "A 2024 survey found cracking along the Quay Road section that failed "
        "this week. Repairs were postponed twice.",
        "authors": ["marta-ilves", "tomas-rendell"],
        "topics": ["Sea wall", "Flooding", "City budget"],
        "hero": "tide",
        "days": 1,
        "body": [
            (
                "paragraph",
                "<p>An engineering survey commissioned by the city in 2024 found "
                "“progressive cracking” in the Quay Road section of the sea wall and recommended "
                "repairs within eighteen months, according to documents seen by the Ledger.</p>",
            ),
            (
                "paragraph",
                "<p>The repairs were budgeted for 2025, then moved to 2026 when the "
                "council reduced its capital programme. The section failed on Tuesday.</p>",
            ),
            (
                "pull_quote",
                (
                    "The wall did exactly what we said it would do.",
                    "An engineer who worked on the survey",
                ),
            ),
            (
                "paragraph",
                "<p>The city's infrastructure department said the delay reflected "
                "“competing priorities” and that the full survey would be published this week.</p>",
            ),
        ],
    },
    {
        "slug": "council-approves-emergency-flood-fund",
        "section": "politics",
        "title": "Council approves emergency flood fund after heated session",
        "standfirst": "Two million for repairs and relief passed by 21 votes to 6, after "
        "opposition members demanded an inquiry into the delayed wall repairs.",
        "authors": ["tomas-rendell"],
        "topics": ["City council", "Flooding", "City budget"],
        "hero": "council",
        "days": 2,
        "body": [
            (
                "paragraph",
                "<p>Valmora's council approved a two-million emergency fund on "
                "Thursday to repair the harbour sea wall and support households whose homes "
                "flooded this week.</p>",
            ),
            (
                "paragraph",
                "<p>The session grew heated when opposition members asked why "
                "repairs recommended in 2024 had been postponed. Mayor Adaeze Okafor said an "
                "independent review would report within three months.</p>",
            ),
            (
                "paragraph",
                "<p>Households in the flooded streets can apply for grants of up to "
                "3,000 from next Monday.</p>",
            ),
        ],
    },
    {
        "slug": "harbour-ferry-suspended",
        "section": "city",
        "title": "Harbour ferry service suspended while quays are inspected",
        "standfirst": "The cross-harbour ferry will not run until engineers have checked the "
        "landing stages on both sides.",
        "authors": ["marta-ilves"],
        "topics": ["Transport", "Harbour district"],
        "hero": "harbour",
        "days": 3,
        "body": [
            (
                "paragraph",
                "<p>The cross-harbour ferry, which carries about 4,000 passengers a "
                "day, has been suspended while its landing stages are inspected for flood "
                "damage.</p>",
            ),
            (
                "paragraph",
                "<p>Replacement buses run every twelve minutes around the harbour "
                "road. The operator expects the service to resume within a week.</p>",
            ),
        ],
    },
    {
        "slug": "tides-rising-faster",
        "section": "environment",
        "title": "Valmora's tides are rising faster than the regional average",
        "standfirst": "Thirty years of gauge readings at the breakwater show the sea "
        "creeping up by almost five millimetres a year.",
        "authors": ["marta-ilves"],
        "topics": ["Climate", "Flooding"],
        "hero": "tide",
        "days": 6,
        "body": [
            (
                "paragraph",
                "<p>The tide gauge at Valmora's breakwater has recorded a rise in "
                "mean sea level of 4.8 millimetres a year since 1995, faster than the regional "
                "average, according to an analysis by the university's coastal group.</p>",
            ),
            (
                "paragraph",
                "<p>Part of the difference is the land itself: the reclaimed ground "
                "of the harbour district is slowly settling.</p>",
            ),
        ],
    },
    {
        "slug": "mayor-sets-out-budget",
        "section": "politics",
        "title": "Mayor Okafor sets out budget with cuts to road repairs",
        "standfirst": "The draft budget protects libraries and buses but halves the "
        "road-resurfacing programme.",
        "authors": ["tomas-rendell"],
        "topics": ["City budget", "City council"],
        "hero": "council",
        "days": 9,
        "body": [
            (
                "paragraph",
                "<p>Mayor Adaeze Okafor presented a draft budget on Monday that "
                "keeps every branch library open and freezes bus fares, paid for in part by "
                "halving the road-resurfacing programme.</p>",
            ),
            (
                "paragraph",
                "<p>The council will vote on the budget next month after a public "
                "consultation.</p>",
            ),
        ],
    },
    {
        "slug": "harbour-festival-moves-inland",
        "section": "culture",
        "title": "Harbour festival moves inland after flood damage",
        "standfirst": "This year's festival will take over Assembly Square while the quays "
        "are repaired.",
        "authors": ["marta-ilves"],
        "topics": ["Arts", "Harbour district"],
        "hero": "festival",
        "days": 4,
        "body": [
            (
                "paragraph",
                "<p>The harbour festival, which draws musicians and food stalls to "
                "the quays every spring, will move to Assembly Square this year.</p>",
            ),
            (
                "paragraph",
                "<p>Organisers said the programme was unchanged and that part of "
                "the ticket income would go to the flood relief fund.</p>",
            ),
        ],
    },
    {
        "slug": "old-town-rents-climb",
        "section": "city",
        "title": "Rents in the old town climb for a third straight year",
        "standfirst": "The average two-bedroom flat now costs 14 per cent more than in 2023.",
        "authors": ["tomas-rendell"],
        "topics": ["Housing"],
        "hero": "street",
        "days": 12,
        "body": [
            (
                "paragraph",
                "<p>Average rents in Valmora's old town rose for a third year in a "
                "row, according to the city's housing office.</p>",
            ),
            (
                "paragraph",
                "<p>Tenants' groups want the council to register short-term lets.</p>",
            ),
        ],
    },
    {
        "slug": "candidates-harbour-ward",
        "section": "politics",
        "title": "Three candidates enter race for harbour ward seat",
        "standfirst": "The by-election, called after the flood, has become a vote on the "
        "sea wall.",
        "authors": ["tomas-rendell"],
        "topics": ["Elections", "Harbour district", "Housing"],
        "hero": "harbour",
        "days": 5,
        "body": [
            (
                "paragraph",
                "<p>Three candidates have registered for next month's by-election "
                "in the harbour ward.</p>",
            ),
            (
                "paragraph",
                "<p>All three have made the sea wall the centre of their "
                "campaigns; two also promise to cap rents in the ward's "
                "new flats.</p>",
            ),
        ],
    },
    {
        "slug": "oldest-bookshop-reopens",
        "section": "culture",
        "title": "Valmora's oldest bookshop reopens after a year of repairs",
        "standfirst": "Halloran & Daughters, on Lantern Lane since 1911, is open again.",
        "authors": ["marta-ilves"],
        "topics": ["Arts"],
        "hero": "street",
        "days": 15,
        "body": [
            (
                "paragraph",
                "<p>Halloran &amp; Daughters reopened on Saturday after a year of "
                "repairs to its roof and shelves.</p>",
            ),
            (
                "paragraph",
                "<p>The queue reached the end of Lantern Lane before the doors "
                "opened.</p>",
            ),
        ],
    },
    {
        "slug": "volunteers-plant-dune-grass",
        "section": "environment",
        "title": "Volunteers plant 4,000 dune grasses to slow coastal erosion",
        "standfirst": "The planting on North Beach is the first stage of a three-year "
        "project to rebuild the dunes.",
        "authors": ["marta-ilves"],
        "topics": ["Climate"],
        "hero": "dunes",
        "days": 20,
        "body": [
            (
                "paragraph",
                "<p>More than 200 volunteers planted 4,000 clumps of marram grass "
                "on North Beach on Sunday.</p>",
            ),
            (
                "paragraph",
                "<p>Dunes held together by grass absorb storm waves that would "
                "otherwise reach the coast road.</p>",
            ),
        ],
    },
    {
        "slug": "night-bus-routes",
        "section": "city",
        "title": "New night bus routes link the hospital and the harbour",
        "standfirst": "Two routes will run every thirty minutes from midnight to five.",
        "authors": ["tomas-rendell"],
        "topics": ["Transport"],
        "hero": "street",
        "days": 25,
        "body": [
            (
                "paragraph",
                "<p>Two night bus routes begin next month, linking the general "
                "hospital with the harbour and the university.</p>",
            ),
            (
                "paragraph",
                "<p>Hospital staff had campaigned for the routes for three years.</p>",
            ),
        ],
    },
]

# The lead story's thread, shaped like the reference page's: reasoned argument,
# anonymous replies, and the incivility moderation exists to catch (posted as
# their authors would after the nudge, so the moderation queue has work).
# Entries are (name, text, index of the comment replied to or None, votes up,
# votes down).
COMMENTS: list[tuple[str, str, int | None, int, int]] = [
    (
        "Ines Carvalho",
        "The survey was published **two years ago**. The question is not whether the "
        "wall was weak, but who decided the repairs could wait, and whether the same "
        "people will now run the review.",
        None,
        14,
        1,
    ),
    (
        "Pedro M.",
        "> who decided the repairs could wait\n\nThe whole capital budget was cut that "
        "year, not just the wall. Blaming one vote is too easy.",
        0,
        6,
        3,
    ),
    ("Anonymous", "Cutting across the board is a choice too.", 1, 9, 0),
    (
        "Lena Ostrova",
        "Thank you for the photos. My mother lives on Chandler Street and we only knew "
        "how bad it was from this page.",
        None,
        11,
        0,
    ),
    ("Guest", "dumb and dumber LOL. You two are idiots, Pedro.", 2, 1, 7),
    ("Anonymous", "Care to explain what you mean by too easy?", 1, 3, 0),
    ("Marco", "Pedro, you are pond scum and so is whoever hired you.", 1, 2, 5),
    (
        "Marco",
        "We all know Pedro M. used to post here as Harbour Watcher. Same lies, "
        "new name.",
        1,
        0,
        6,
    ),
    (
        "Ruth Adler",
        "Whatever you think of the vote, this cover-up is bullshit. Publish the "
        "survey and the minutes.",
        None,
        8,
        1,
    ),
    ("K. Varga", "bla bla bla", None, 0, 4),
]

# Inline feedback on the lead story: (quote from the article, question).
INLINE_QUESTIONS: list[tuple[str, str]] = [
    (
        "engineers would inspect the rest of the wall before the next spring tide",
        "Have you seen cracks or seepage elsewhere along the harbour wall? Tell us "
        "where.",
    ),
]
# (name, quote from the article, comment).
INLINE_COMMENTS: list[tuple[str, str, str]] = [
    (
        "Marta Quintela",
        "140 residents spent the night in the Dock Street sports hall",
        "I volunteered at the hall: by 5 a.m. it was closer to two hundred, and "
        "the heating only came on at six.",
    ),
]
