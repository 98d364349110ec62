"""How fast onfile classifies mail on one core: parsing (parse_message) against matching (detect,
which also extracts), on generated letters. Prints figures; asserts nothing.

    python tests/bench/classify_speed.py [--count 10000] [--seed 7]

The letters are made deterministically from the seed: rejections and look-alikes in the seven
languages, padded with random filler to 2-10 KB; a fifth are HTML-only, a fifth multipart.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime

from onfile.detect import all_matches, detect
from onfile.message import Message, parse_message
from onfile.resources import shipped_dir
from onfile.rules import load_rules

OPENINGS = [
    # rejections
    "Thank you for applying for the {role} position at {company}. Unfortunately, we have decided "
    "not to move forward with your application.",
    "We regret to inform you that the {role} role at {company} has been filled.",
    "After careful consideration we have decided to proceed with other candidates whose "
    "experience more closely matches our needs.",
    "Vielen Dank für Ihre Bewerbung als {role} bei {company}. Leider müssen wir Ihnen mitteilen, "
    "dass wir uns für eine andere Kandidatin entschieden haben.",
    "Nous vous remercions pour votre candidature au poste de {role}. Malheureusement, nous ne "
    "pouvons pas y donner une suite favorable.",
    "Lamentamos comunicarle que hemos decidido continuar con otros candidatos para el puesto de {role}.",
    "Helaas moeten wij u mededelen dat wij uw sollicitatie als {role} niet in behandeling nemen.",
    "Purtroppo abbiamo deciso di non procedere con la sua candidatura per il ruolo di {role}.",
    "Infelizmente decidimos não avançar com a sua candidatura para a vaga de {role}.",
    # look-alikes
    "We are delighted to offer you the {role} position at {company}!",
    "We would like to invite you to an interview for the {role} role next Tuesday.",
    "We have received your application for {role} and will review it shortly.",
    "We regret to inform you that your paper submission was not accepted to the program.",
    "Unfortunately your application for the flat at 12 Mill Lane was not successful.",
    "Here are 5 new jobs matching your alert: {role} at {company} and more.",
    "Your order has shipped and will arrive on Thursday. Thanks for shopping with {company}.",
]
ROLES = ["Data Analyst", "Backend Engineer", "Product Designer", "Werkstudent", "Chef de projet"]
COMPANIES = ["Acme Analytics", "Northwind Labs", "Globex", "Initech GmbH", "Levrier Conseil"]
WORDS = (
    "the team project update meeting schedule quarterly report customer feedback release notes "
    "budget planning office travel policy weekly summary roadmap design review data pipeline "
    "der die und mit für nous avec pour los las con para het een met per della com uma"
).split()


def filler(rng: random.Random, size: int) -> str:
    """Random paragraphs of common words, about `size` characters."""
    out: list[str] = []
    length = 0
    while length < size:
        sentence = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 20))).capitalize() + "."
        out.append(sentence + ("\n\n" if rng.random() < 0.2 else " "))
        length += len(out[-1])
    return "".join(out)


def make_letter(rng: random.Random, index: int, now: datetime) -> bytes:
    """One generated letter: an opening sentence, filler to 2-10 KB, plain, HTML or both."""
    role, company = rng.choice(ROLES), rng.choice(COMPANIES)
    opening = rng.choice(OPENINGS).format(role=role, company=company)
    body = f"Dear Alex,\n\n{opening}\n\n{filler(rng, rng.randint(2_000, 10_000))}\n\nBest regards,\nJane"
    mail = EmailMessage()
    mail["From"] = f"{company} Recruiting <jobs{index % 50}@{company.split()[0].lower()}.example>"
    mail["To"] = "Alex Doe <alex@example.org>"
    mail["Subject"] = rng.choice(["Your application", f"{role} at {company}", "Update", "Hello"])
    mail["Date"] = format_datetime(now - timedelta(minutes=index))
    mail["Message-ID"] = f"<bench{index}@{company.split()[0].lower()}.example>"
    html = "".join(f"<p>{part}</p>" for part in body.split("\n\n"))
    kind = rng.random()
    if kind < 0.2:
        mail.set_content(f"<html><body>{html}</body></html>", subtype="html")
    elif kind < 0.4:
        mail.set_content(body)
        mail.add_alternative(f"<html><body>{html}</body></html>", subtype="html")
    else:
        mail.set_content(body)
    return mail.as_bytes()


def main(argv: list[str] | None = None) -> int:
    """Generate the letters, time both stages over all of them, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core
    rng = random.Random(args.seed)
    now = datetime(2026, 11, 1, tzinfo=UTC)
    raws = [make_letter(rng, i, now) for i in range(args.count)]
    sizes = sorted(len(r) for r in raws)
    rules = load_rules([shipped_dir("rules")])
    own = ("alex@example.org",)

    start = time.perf_counter()
    messages: list[Message] = [parse_message(raw) for raw in raws]
    parsing = time.perf_counter() - start

    start = time.perf_counter()
    rejections = sum(detect(rules, m, own_addresses=own).is_rejection for m in messages)
    detecting = time.perf_counter() - start

    start = time.perf_counter()
    for message in messages:
        all_matches(rules, message)
    matching = time.perf_counter() - start

    total = parsing + detecting
    count = len(raws)
    print(
        f"{count} generated letters (seed {args.seed}), {sum(sizes) / 1e6:.1f} MB, "
        f"median {sizes[count // 2] / 1e3:.1f} KB; {len(rules.rules)} rules; {rejections} rejections"
    )
    print(f"overall (parse + detect):   {count / total:8.0f} messages/s  ({total:.2f} s)")
    print(f"parsing only:               {count / parsing:8.0f} messages/s  ({parsing:.2f} s)")
    print(f"matching only (detect):     {count / detecting:8.0f} messages/s  ({detecting:.2f} s)")
    print(f"  rules alone (all_matches): {count / matching:7.0f} messages/s  ({matching:.2f} s)")
    print(f"share of time: parsing {parsing / total:.0%}, matching {detecting / total:.0%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
