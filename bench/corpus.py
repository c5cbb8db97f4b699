"""A deterministic corpus of synthetic health articles for the benchmarks.

Markdown (with YAML front matter, tables, footnotes), HTML exports and scraped
plain text, 600-1,500 words each, with numbered, author-year and footnote
citations, reference lists with DOIs and PMIDs, hedged and unhedged claims,
plain advice, disclaimers and, in some articles, promotional copy. The same seed
always gives byte-identical files, so runs on different days are comparable.
The identifiers are well-formed but made up: the corpus is for timing, offline.
"""

from __future__ import annotations

import os
import random
from collections.abc import Callable
from dataclasses import dataclass, field

TOPICS = [
    ("vitamin D", "bone fractures", "serum 25-hydroxyvitamin D", "IU"),
    ("omega-3 fatty acids", "cardiovascular events", "triglycerides", "mg"),
    ("magnesium", "migraine attacks", "muscle cramps", "mg"),
    ("melatonin", "insomnia", "sleep onset latency", "mg"),
    ("probiotics", "antibiotic-associated diarrhea", "gut microbiome diversity", "CFU"),
    ("green tea extract", "weight gain", "resting energy expenditure", "mg"),
    ("creatine", "age-related muscle loss", "lean body mass", "g"),
    ("iron", "iron-deficiency anemia", "ferritin", "mg"),
    ("folic acid", "neural tube defects", "homocysteine", "mcg"),
    ("zinc", "the common cold", "symptom duration", "mg"),
    ("caffeine", "miscarriage", "alertness", "mg"),
    ("walking", "type 2 diabetes", "HbA1c", "minutes"),
    ("intermittent fasting", "obesity", "insulin sensitivity", "hours"),
    ("fiber", "colorectal cancer", "LDL cholesterol", "g"),
    ("curcumin", "knee osteoarthritis", "C-reactive protein", "mg"),
    ("vitamin B12", "peripheral neuropathy", "methylmalonic acid", "mcg"),
    ("resistance training", "osteoporosis", "bone mineral density", "sessions"),
    ("mindfulness meditation", "generalized anxiety disorder", "cortisol", "minutes"),
    ("sodium reduction", "hypertension", "systolic blood pressure", "mg"),
    ("ashwagandha", "chronic stress", "perceived stress scores", "mg"),
]
DOSES = {"IU": ["400", "600", "800", "1,000", "2,000", "4,000"],
         "mg": ["50", "100", "200", "250", "400", "500", "1,000"],
         "mcg": ["2.4", "250", "400", "1,000"], "g": ["3", "5", "10", "25", "30"],
         "CFU": ["1 billion", "10 billion", "50 billion"], "minutes": ["10", "20", "30", "45"],
         "hours": ["12", "14", "16"], "sessions": ["2", "3"]}
SURNAMES = ["Smith", "Nguyen", "Garcia", "Okafor", "Larsen", "Kowalski", "Tanaka", "Haddad",
            "Müller", "O'Brien", "Fernández", "Chen", "Patel", "Ivanova", "Rossi", "Dubois",
            "Andersen", "Kim", "Silva", "Novak", "Bergström", "Mensah", "Yilmaz", "Cohen"]
JOURNALS = ["JAMA", "The Lancet", "BMJ", "N Engl J Med", "Am J Clin Nutr", "Nutrients",
            "J Clin Endocrinol Metab", "Sleep Med Rev", "Cochrane Database Syst Rev",
            "Br J Sports Med", "Diabetes Care", "Circulation", "Ann Intern Med", "PLoS One"]
DESIGNS = ["randomized controlled trial", "meta-analysis", "systematic review",
           "prospective cohort study", "cross-sectional study", "crossover trial"]
POPULATIONS = ["adults over 60", "postmenopausal women", "healthy volunteers",
               "people with prediabetes", "college athletes", "children aged 6 to 12",
               "pregnant women", "older adults living in care homes", "office workers"]
CREDENTIALS = ["MD", "PhD", "RD", "MPH", "RN", "PharmD", "DO", "MS, RDN"]
BRANDS = ["VitaPure", "NutriMax", "GlowLife", "ZenRoot", "PrimeCore"]
FIRST = ["Anna", "James", "Priya", "Tomás", "Grace", "Kwame", "Elena", "Hiro", "Sara", "Omar",
         "Lena", "David", "Amara", "Lucas", "Mei", "Noah"]


@dataclass
class Ref:
    label: int
    authors: list[str]
    year: int
    title: str
    journal: str
    doi: str | None
    pmid: str | None
    volume: int
    pages: str


@dataclass
class Draft:
    """An article before it is rendered as Markdown, HTML or text."""

    title: str
    author: str
    reviewer: str | None
    published: str
    updated: str | None
    sections: list[tuple[str, list[list[str] | tuple[str, list[str]]]]] = field(
        default_factory=list)
    refs: list[Ref] = field(default_factory=list)
    disclaimer: bool = True
    disclosure: bool = False
    promo: bool = False


class Writer:
    """Fills sentence templates for one article; ``cite`` picks a citation style per format."""

    def __init__(self, rng: random.Random, topic: tuple[str, str, str, str]) -> None:
        self.rng = rng
        self.name, self.outcome, self.marker, self.unit = topic
        self.refs: list[Ref] = []

    def pct(self) -> int:
        return self.rng.randint(8, 64)

    def num(self) -> str:
        return f"{self.rng.randint(40, 25000):,}"

    def new_ref(self) -> Ref:
        r = self.rng
        authors = r.sample(SURNAMES, r.randint(1, 5))
        design = r.choice(DESIGNS)
        ref = Ref(
            label=len(self.refs) + 1,
            authors=[f"{a} {r.choice('ABCDEFGHJKLMNPRST')}{r.choice(['', 'J', 'M', 'K'])}"
                     for a in authors],
            year=r.randint(1998, 2024),
            title=f"{self.name.capitalize()} and {r.choice([self.outcome, self.marker])} "
                  f"in {r.choice(POPULATIONS)}: a {design}",
            journal=r.choice(JOURNALS),
            doi=(f"10.{r.randint(1000, 9999)}/{r.choice(['j', 's', 'ajcn', 'bmj'])}."
                 f"{r.randint(2000, 2024)}.{r.randint(100, 99999)}"
                 if r.random() < 0.8 else None),
            pmid=str(r.randint(10000000, 39999999)) if r.random() < 0.6 else None,
            volume=r.randint(1, 120),
            pages=f"{(p := r.randint(1, 900))}-{p + r.randint(3, 20)}",
        )
        self.refs.append(ref)
        return ref

    def ref(self) -> Ref:
        if not self.refs or (len(self.refs) < 14 and self.rng.random() < 0.55):
            return self.new_ref()
        return self.rng.choice(self.refs)

    def claim(self) -> tuple[str, bool]:
        """A claim sentence (without final punctuation) and whether it should be cited."""
        r, n, o, m, u = self.rng, self.name, self.outcome, self.marker, self.unit
        templates = [
            f"In a {r.choice(DESIGNS)} of {self.num()} {r.choice(POPULATIONS)}, {n} reduced "
            f"the risk of {o} by {self.pct()}%",
            f"Studies show that {n} lowers {m} within {r.randint(2, 16)} weeks",
            f"Low intake of {n} is associated with a {self.pct()}% higher risk of {o}",
            f"{n.capitalize()} may help improve {m}, although the effect size was small",
            f"Taking {r.choice(DOSES[u])} {u} of {n} daily did not change {m} compared "
            f"with placebo",
            f"About {self.pct()}% of {r.choice(POPULATIONS)} have low levels of {m}",
            f"Research suggests that {n} works partly by reducing inflammation, e.g. by "
            f"lowering C-reactive protein (CRP) by approx. {r.randint(2, 30) / 10:.1f} mg/L",
            f"High doses of {n} can cause side effects such as nausea, headache and, rarely, "
            f"liver injury",
            f"According to Dr. {r.choice(SURNAMES)} et al., people with {o} were "
            f"{r.randint(2, 4)} times more likely to have low {m}",
            f"Regular {n} is linked to better {m} in {r.choice(POPULATIONS)} (odds ratio "
            f"{r.randint(50, 95) / 100:.2f}; 95% CI {r.randint(40, 60) / 100:.2f}-"
            f"{r.randint(96, 99) / 100:.2f})",
            f"The evidence that {n} prevents {o} remains limited, and most trials lasted less "
            f"than {r.randint(6, 24)} months",
            f"Experts recommend no more than {r.choice(DOSES[u])} {u} of {n} a day for most "
            f"adults",
        ]
        text = r.choice(templates)
        return text, r.random() < 0.78

    def plain(self) -> str:
        r, n, o = self.rng, self.name, self.outcome
        return r.choice([
            f"In this article, we look at what the research says about {n}",
            f"Here is what you need to know before you try {n}",
            f"Talk to your doctor or pharmacist before starting {n}, especially if you take "
            f"other medicines",
            "Keep a simple diary of how you feel for the first few weeks",
            f"Many readers ask us whether {n} is worth it",
            f"We reviewed the guidelines and the latest trials on {o} for this update",
            "Your needs depend on your age, your diet and your health history",
            "Food sources are usually the best place to start",
        ])

    def promo(self, brand: str) -> str:
        r, n = self.rng, self.name
        return r.choice([
            f"Try {brand} {n} gummies today and feel the difference in just 7 days!",
            f"Click here to buy {brand} now and save {r.randint(10, 40)}% with code "
            f"HEALTH{r.randint(10, 99)}.",
            "This miracle formula melts fat fast and boosts your immunity naturally.",
            f"\u201cI felt like a new person after two weeks,\u201d says one {brand} customer.",
            "Order now: limited stock, guaranteed results or your money back!",
            f"Doctors hate this simple {n} trick that cures {self.outcome} for good.",
        ])


def _sentence(w: Writer, cite: Callable[[Ref], str]) -> str:
    kind = w.rng.random()
    if kind < 0.62:
        text, cited = w.claim()
        return text + (cite(w.ref()) if cited else "") + "."
    return w.plain() + "."


def _paragraph(w: Writer, cite: Callable[[Ref], str], brand: str | None) -> list[str]:
    sentences: list[str] = []
    for _ in range(w.rng.randint(3, 6)):
        sentence = _sentence(w, cite)
        if sentence not in sentences:
            sentences.append(sentence)
    if brand and w.rng.random() < 0.18:
        sentences.insert(w.rng.randint(0, len(sentences)), w.promo(brand))
    return sentences


HEADINGS = ["What is {n}?", "What the research says", "Benefits of {n}", "Risks and side effects",
            "How much {n} do you need?", "Who should avoid {n}?", "{N} and {o}",
            "Food sources", "How {n} is measured", "The bottom line", "Frequently asked questions",
            "Interactions with medicines", "What about children?"]


def draft(rng: random.Random, cite: Callable[[Ref], str]) -> tuple[Draft, Writer, int]:
    topic = rng.choice(TOPICS)
    w = Writer(rng, topic)
    target = rng.randint(280, 960)  # body words; references and chrome add the rest
    brand = rng.choice(BRANDS) if rng.random() < 0.3 else None
    d = Draft(
        title=rng.choice([f"{w.name.capitalize()} and {w.outcome}: what the evidence shows",
                          f"Does {w.name} help with {w.outcome}?",
                          f"{w.name.capitalize()}: benefits, risks and dosage"]),
        author=f"{rng.choice(FIRST)} {rng.choice(SURNAMES)}, {rng.choice(CREDENTIALS)}",
        reviewer=(f"{rng.choice(FIRST)} {rng.choice(SURNAMES)}, {rng.choice(CREDENTIALS)}"
                  if rng.random() < 0.7 else None),
        published=f"{rng.randint(2015, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        updated=(f"{rng.randint(2020, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
                 if rng.random() < 0.6 else None),
        disclaimer=rng.random() < 0.75,
        disclosure=brand is not None and rng.random() < 0.5,
        promo=brand is not None,
    )
    words = 0
    headings = rng.sample(HEADINGS, len(HEADINGS))
    intro = [_paragraph(w, cite, brand) for _ in range(2)]
    d.sections.append(("", intro))
    words += sum(len(s.split()) for p in intro for s in p)
    while words < target and headings:
        h = headings.pop().format(n=w.name, N=w.name.capitalize(), o=w.outcome)
        body: list[list[str] | tuple[str, list[str]]] = []
        for _ in range(rng.randint(1, 3)):
            para = _paragraph(w, cite, brand)
            body.append(para)
            words += sum(len(s.split()) for s in para)
        if rng.random() < 0.35:
            items = [_sentence(w, cite) for _ in range(rng.randint(3, 5))]
            body.append(("list", items))
            words += sum(len(s.split()) for s in items)
        if rng.random() < 0.15:
            body.append(("table", [w.name, w.marker, str(w.pct())]))
        d.sections.append((h, body))
    d.refs = w.refs
    return d, w, words


def _ref_text(ref: Ref) -> str:
    names = ", ".join(ref.authors[:3]) + (", et al" if len(ref.authors) > 3 else "")
    ids = []
    if ref.doi:
        ids.append(f"doi:{ref.doi}")
    if ref.pmid:
        ids.append(f"PMID: {ref.pmid}")
    tail = (" " + ". ".join(ids) + ".") if ids else ""
    return f"{names}. {ref.title}. {ref.journal}. {ref.year};{ref.volume}:{ref.pages}.{tail}"


DISCLAIMER = ("This article is for informational purposes only and is not a substitute for "
              "professional medical advice, diagnosis or treatment. Always seek the advice of "
              "your physician or another qualified health provider with any questions you may "
              "have about a medical condition.")
DISCLOSURE = ("Disclosure: this article contains affiliate links. We may earn a commission if "
              "you buy through them, at no extra cost to you.")


def markdown(rng: random.Random) -> str:
    style = rng.choice(["numbered", "author", "footnote"])

    def cite(ref: Ref) -> str:
        if style == "author":
            return f" ({ref.authors[0].split()[0]}{' et al.' if len(ref.authors) > 2 else ''}, " \
                   f"{ref.year})"
        if style == "footnote":
            return f"[^{ref.label}]"
        if rng.random() < 0.15 and ref.doi:
            return f" ([source](https://doi.org/{ref.doi}))"
        return f" [{ref.label}]"

    d, w, _ = draft(rng, cite)
    out = ["---", f'title: "{d.title}"', f"author: {d.author}"]
    if d.reviewer:
        out.append(f"medical_reviewer: {d.reviewer}")
    out.append(f"published: {d.published}")
    if d.updated:
        out.append(f"updated: {d.updated}")
    out += [f"tags: [{w.name}, {w.outcome}]", "---", "", f"# {d.title}", ""]
    for heading, body in d.sections:
        if heading:
            out += [f"## {heading}", ""]
        for part in body:
            if isinstance(part, tuple) and part[0] == "list":
                out += [f"- {item}" for item in part[1]] + [""]
            elif isinstance(part, tuple):
                name, marker, pct = part[1]
                out += [f"| Measure | Change with {name} |", "| --- | --- |",
                        f"| {marker} | -{pct}% |", f"| Adverse events | {rng.randint(1, 9)}% |",
                        ""]
            else:
                out += [" ".join(part), ""]
    if d.disclosure:
        out += [f"*{DISCLOSURE}*", ""]
    if d.disclaimer:
        out += [f"> {DISCLAIMER}", ""]
    if d.refs:
        if style == "footnote":
            out += [f"[^{r.label}]: {_ref_text(r)}" for r in d.refs] + [""]
        else:
            out += ["## References", ""]
            out += [f"{r.label}. {_ref_text(r)}" for r in d.refs] + [""]
    return "\n".join(out)


def html(rng: random.Random) -> str:
    def cite(ref: Ref) -> str:
        return f'<sup><a href="#ref-{ref.label}">[{ref.label}]</a></sup>'

    d, _w, _ = draft(rng, cite)
    out = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
           f"<title>{d.title}</title>",
           "<style>body{font-family:sans-serif} .promo{color:red}</style>",
           "<script>window.dataLayer = window.dataLayer || []; "
           "function gtag(){dataLayer.push(arguments);}</script>",
           "</head>", "<body>",
           '<nav><a href="/">Home</a> › <a href="/health">Health</a> › '
           '<a href="/nutrition">Nutrition</a></nav>',
           "<article>", f"<h1>{d.title}</h1>",
           f'<p class="byline">By {d.author}' + (f" · Medically reviewed by {d.reviewer}"
                                                 if d.reviewer else "")
           + f" · Published {d.published}</p>"]
    for heading, body in d.sections:
        if heading:
            out.append(f"<h2>{heading}</h2>")
        for part in body:
            if isinstance(part, tuple) and part[0] == "list":
                out.append("<ul>" + "".join(f"<li>{i}</li>" for i in part[1]) + "</ul>")
            elif isinstance(part, tuple):
                name, marker, pct = part[1]
                out.append(f"<table><tr><th>Measure</th><th>Change with {name}</th></tr>"
                           f"<tr><td>{marker}</td><td>-{pct}%</td></tr></table>")
            else:
                out.append("<p>" + " ".join(part) + "</p>")
    if d.disclosure:
        out.append(f"<p><em>{DISCLOSURE}</em></p>")
    if d.disclaimer:
        out.append(f'<p class="disclaimer">{DISCLAIMER}</p>')
    if d.refs:
        out.append("<h2>References</h2>")
        out.append("<ol>" + "".join(f'<li id="ref-{r.label}">{_ref_text(r)}</li>'
                                    for r in d.refs) + "</ol>")
    out += ["</article>",
            "<footer><p>© 2024 Example Health Media. All rights reserved.</p>"
            '<p><a href="/privacy">Privacy</a> · <a href="/terms">Terms</a></p></footer>',
            "</body>", "</html>", ""]
    return "\n".join(out)


def text(rng: random.Random) -> str:
    def cite(ref: Ref) -> str:
        return f"[{ref.label}]" if rng.random() < 0.5 else f" [{ref.label}]"

    d, _w, _ = draft(rng, cite)
    out = ["Home > Health A-Z > Nutrition", "", d.title, "",
           f"Written by {d.author}" + (f" | Medically reviewed by {d.reviewer}"
                                      if d.reviewer else ""),
           f"Updated on {d.updated or d.published}", ""]
    for heading, body in d.sections:
        if heading:
            out += [heading, ""]
        for part in body:
            if isinstance(part, tuple) and part[0] == "list":
                out += [f"• {item}" for item in part[1]] + [""]
            elif isinstance(part, tuple):
                continue
            else:
                out += [" ".join(part), ""]
    if d.disclaimer:
        out += [DISCLAIMER, ""]
    out += ["Meet our experts", "", "Our content is reviewed by board-certified physicians.", ""]
    if d.refs:
        out += ["References", ""]
        out += [f"{r.label}. {_ref_text(r)}" for r in d.refs] + [""]
    out += ["Download our app on the App Store and Google Play.",
            "We accept Visa, Mastercard and PayPal.", ""]
    return "\n".join(out)


def generate(directory: str, count: int, seed: int = 2024) -> list[str]:
    """Write ``count`` articles into ``directory`` (60% Markdown, 20% HTML, 20% text)."""
    os.makedirs(directory, exist_ok=True)
    paths = []
    for i in range(count):
        rng = random.Random(f"{seed}-{i}")
        roll = rng.random()
        if roll < 0.6:
            ext, body = ".md", markdown(rng)
        elif roll < 0.8:
            ext, body = ".html", html(rng)
        else:
            ext, body = ".txt", text(rng)
        sub = os.path.join(directory, f"section-{i % 10}")
        os.makedirs(sub, exist_ok=True)
        path = os.path.join(sub, f"article-{i:05d}{ext}")
        with open(path, "w", encoding="utf-8", newline="\n") as out:
            out.write(body)
        paths.append(path)
    return paths
