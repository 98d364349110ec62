"""How fast onfile classifies mail on one core, stage by stage: parsing (parse_message), matching
(all_matches: normalisation and the RE2 rule sets), extraction (extract) and the whole detect,
on generated letters. Prints figures; asserts nothing.

    python tests/bench/classify_speed.py [--count 10000] [--seed 7] [--repeat 3] [--rules DIR]

The letters are made deterministically from the seed: rejections and look-alikes in the seven
languages (English 40 %, the others 10 % each), padded with random filler in the letter's language
to 2-10 KB; a fifth are HTML-only, a fifth multipart. --polyglot pads every letter with words of
all seven languages, so each letter is scanned by every rule pack: the worst case.
Each stage runs over all letters --repeat times and the fastest pass counts, in CPU time of this
process (time.process_time), so a busy machine disturbs the figures less. The first matching
pass is also shown: RE2 builds its automata lazily, as it meets new text, so a fresh service is
slower for its first letters than a warm one.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from typing import TypeVar

from onfile.detect import all_matches, detect, field_texts
from onfile.extract import extract
from onfile.message import Message, parse_message
from onfile.resources import shipped_dir
from onfile.rules import RuleSet, load_rules

# Per language: rejections, then look-alikes; a letter's greeting, filler and closing share its
# language, as real mail does (the language decides which rule packs scan it).
OPENINGS = {
    "en": [
        "Thank you for applying for the {role} position at {company}. Unfortunately, we have "
        "decided not to move forward with your application.",
        "We regret to inform you that the {role} role at {company} has been filled.",
        "After careful consideration we have decided to proceed with other candidates whose "
        "experience more closely matches our needs.",
        "We are delighted to offer you the {role} position at {company}!",
        "We would like to invite you to an interview for the {role} role next Tuesday.",
        "We have received your application for {role} and will review it shortly.",
        "We regret to inform you that your paper submission was not accepted to the program.",
        "Unfortunately your application for the flat at 12 Mill Lane was not successful.",
        "Here are 5 new jobs matching your alert: {role} at {company} and more.",
        "Your order has shipped and will arrive on Thursday. Thanks for shopping with {company}.",
    ],
    "de": [
        "Vielen Dank für Ihre Bewerbung als {role} bei {company}. Leider müssen wir Ihnen "
        "mitteilen, dass wir uns für eine andere Kandidatin entschieden haben.",
        "Wir haben Ihre Bewerbung als {role} erhalten und melden uns in den nächsten Tagen.",
    ],
    "fr": [
        "Nous vous remercions pour votre candidature au poste de {role}. Malheureusement, nous ne "
        "pouvons pas y donner une suite favorable.",
        "Nous avons le plaisir de vous inviter à un entretien pour le poste de {role}.",
    ],
    "es": [
        "Lamentamos comunicarle que hemos decidido continuar con otros candidatos para el puesto "
        "de {role}.",
        "Hemos recibido su candidatura para el puesto de {role} y la revisaremos en breve.",
    ],
    "nl": [
        "Helaas moeten wij u mededelen dat wij uw sollicitatie als {role} niet in behandeling "
        "nemen.",
        "Graag nodigen wij u uit voor een gesprek over de functie van {role} bij {company}.",
    ],
    "it": [
        "Purtroppo abbiamo deciso di non procedere con la sua candidatura per il ruolo di {role}.",
        "Abbiamo ricevuto la sua candidatura per il ruolo di {role} e la valuteremo a breve.",
    ],
    "pt": [
        "Infelizmente decidimos não avançar com a sua candidatura para a vaga de {role}.",
        "Temos o prazer de convidá-lo para uma entrevista para a vaga de {role}.",
    ],
}
GREETINGS = {
    "en": ("Dear Alex,", "Best regards,"),
    "de": ("Sehr geehrter Herr Doe,", "Mit freundlichen Grüßen"),
    "fr": ("Bonjour Alex,", "Cordialement,"),
    "es": ("Estimado Alex:", "Un cordial saludo,"),
    "nl": ("Beste Alex,", "Met vriendelijke groet,"),
    "it": ("Gentile Alex,", "Cordiali saluti,"),
    "pt": ("Caro Alex,", "Com os melhores cumprimentos,"),
}
LANGUAGE_WEIGHTS = {"en": 4, "de": 1, "fr": 1, "es": 1, "nl": 1, "it": 1, "pt": 1}
ROLES = ["Data Analyst", "Backend Engineer", "Product Designer", "Werkstudent", "Chef de projet"]
COMPANIES = ["Acme Analytics", "Northwind Labs", "Globex", "Initech GmbH", "Levrier Conseil"]
WORDS = {
    "en": "the team project update meeting schedule quarterly report customer feedback release "
    "notes budget planning office travel policy weekly summary roadmap design review data pipeline "
    "and with for our your this that will have been from about",
    "de": "der die das und mit für unser Team Projekt Besprechung Bericht Kunde Rückmeldung "
    "Planung Büro Reise Richtlinie Woche Zusammenfassung Entwurf Daten wird haben sind auch",
    "fr": "le la les et avec pour nous notre équipe projet réunion rapport client retour budget "
    "bureau voyage politique semaine résumé conception données sont avons aussi dans",
    "es": "el la los las y con para nuestro equipo proyecto reunión informe cliente comentarios "
    "presupuesto oficina viaje política semana resumen diseño datos son hemos también en",
    "nl": "de het een en met voor ons team project vergadering rapport klant terugkoppeling "
    "budget kantoor reis beleid week samenvatting ontwerp gegevens zijn hebben ook in",
    "it": "il la gli e con per il nostro team progetto riunione rapporto cliente riscontro "
    "budget ufficio viaggio politica settimana sintesi progettazione dati sono abbiamo anche",
    "pt": "o a os as e com para a nossa equipa projeto reunião relatório cliente retorno "
    "orçamento escritório viagem política semana resumo desenho dados são temos também em",
}
# An English legal footer under a letter in another language, as many companies add.
FOOTER = (
    "This e-mail and any attachments are confidential and intended solely for the addressee. "
    "If you have received it in error, please notify the sender and delete it."
)
OWN = ("alex@example.org",)

T = TypeVar("T")
R = TypeVar("R")


def filler(rng: random.Random, size: int, words: Sequence[str]) -> str:
    """Random paragraphs of `words`, about `size` characters."""
    out: list[str] = []
    length = 0
    while length < size:
        sentence = " ".join(rng.choice(words) for _ in range(rng.randint(8, 20))).capitalize() + "."
        out.append(sentence + ("\n\n" if rng.random() < 0.2 else " "))
        length += len(out[-1])
    return "".join(out)


def make_letter(rng: random.Random, index: int, now: datetime, polyglot: bool = False) -> bytes:
    """One generated letter in one language: an opening sentence, filler to 2-10 KB in that
    language (every language's words with `polyglot`), plain, HTML or both; a sixth of those not
    in English end with an English footer."""
    language = rng.choices(list(LANGUAGE_WEIGHTS), weights=list(LANGUAGE_WEIGHTS.values()))[0]
    role, company = rng.choice(ROLES), rng.choice(COMPANIES)
    opening = rng.choice(OPENINGS[language]).format(role=role, company=company)
    words = (" ".join(WORDS.values()) if polyglot else WORDS[language]).split()
    hello, bye = GREETINGS[language]
    text = filler(rng, rng.randint(2_000, 10_000), words)
    footer = f"\n\n{FOOTER}" if language != "en" and rng.random() < 1 / 6 else ""
    body = f"{hello}\n\n{opening}\n\n{text}\n\n{bye}\nJane{footer}"
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


def timed(stage: Callable[[T], R], items: Sequence[T], repeat: int) -> tuple[list[float], list[R]]:
    """CPU seconds of each pass of `stage` over `items`, and the results of the last pass."""
    passes: list[float] = []
    results: list[R] = []
    for _ in range(repeat):
        start = time.process_time()
        results = [stage(item) for item in items]
        passes.append(time.process_time() - start)
    return passes, results


def slowest_sets(rules: RuleSet, messages: Sequence[Message], shown: int = 3) -> str:
    """The RE2 sets that cost most per letter, warm: a rule pack that makes its set's automaton
    thrash shows here first."""
    texts = [field_texts(message) for message in messages]
    costs = []
    for matcher in rules.matchers:
        for _ in range(2):  # the first pass builds the automaton
            start = time.process_time()
            for fields in texts:
                if data := fields.get(matcher.field):
                    matcher.matcher.Match(data)
        seconds = time.process_time() - start
        languages = "+".join(sorted({rules.rules[r].language for r, _ in matcher.owners}))
        costs.append((seconds / len(texts), f"{matcher.field}/{languages}"))
    costs.sort(reverse=True)
    return ", ".join(f"{name} {seconds * 1e6:.0f} us" for seconds, name in costs[:shown])


def main(argv: list[str] | None = None) -> int:
    """Generate the letters, time each stage over all of them, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3, help="passes per stage; the best counts")
    parser.add_argument("--rules", type=Path, help="rule folder instead of the shipped one")
    parser.add_argument(
        "--polyglot",
        action="store_true",
        help="worst case: filler words of all seven languages, so every rule pack scans every letter",
    )
    args = parser.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core
    rng = random.Random(args.seed)
    now = datetime(2026, 11, 1, tzinfo=UTC)
    raws = [make_letter(rng, i, now, args.polyglot) for i in range(args.count)]
    sizes = sorted(len(r) for r in raws)
    rules = load_rules([args.rules or shipped_dir("rules")])

    parsing, messages = timed(parse_message, raws, args.repeat)
    matching, _ = timed(lambda m: all_matches(rules, m), messages, args.repeat)
    explained, _ = timed(
        lambda m: [hit.excerpt for hit in all_matches(rules, m)], messages, args.repeat
    )
    extraction, _ = timed(lambda m: extract(m, OWN), messages, args.repeat)
    detecting, detections = timed(
        lambda m: detect(rules, m, own_addresses=OWN), messages, args.repeat
    )

    count = len(raws)
    best = {
        "parse": min(parsing),
        "match": min(matching),
        "explain": min(explained),
        "extract": min(extraction),
        "detect": min(detecting),
    }
    total = best["parse"] + best["detect"]
    stages = best["parse"] + best["match"] + best["extract"]

    def line(label: str, seconds: float, note: str = "") -> None:
        print(f"{label:<42} {count / seconds:7.0f} messages/s  ({seconds:.2f} s){note}")

    rejections = sum(d.is_rejection for d in detections)
    print(
        f"{count} generated letters (seed {args.seed}), {sum(sizes) / 1e6:.1f} MB, "
        f"median {sizes[count // 2] / 1e3:.1f} KB; {len(rules.rules)} rules; {rejections} rejections"
    )
    print(f"CPU time on one core, best of {args.repeat} passes per stage:")
    line("overall (parse + detect):", total)
    line("parsing only:", best["parse"])
    line(
        "matching only, rules alone (all_matches):",
        best["match"],
        f"  first pass {count / matching[0]:.0f}/s",
    )
    line("  matching with excerpts read:", best["explain"])
    line("extraction only:", best["extract"])
    line("detect (matching + extraction):", best["detect"])
    print(f"slowest RE2 sets per letter: {slowest_sets(rules, messages)}")
    print(
        f"share of time: parsing {best['parse'] / stages:.0%}, matching {best['match'] / stages:.0%}, "
        f"extraction {best['extract'] / stages:.0%}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
