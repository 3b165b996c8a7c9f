"""A corpus for the tracker tests: the same statements reworded across outlets, with different cues.

Five outlets report four statements on 1-3 March 2024; one more article puts
the words of one statement in another speaker's mouth (a trap for stories).
The pages come as saved web pages (UTF-8 and Windows-1256), JSONL records
(with a site, or only a URL) and a text file, so a corpus mixes every input.

    statement  speaker                  carried by (cue, stance)
    S1         فؤاد حسين                 الجزيرة نت (أكد, assert), العربية (زعم, allege),
                                        سكاي نيوز عربية (قال, neutral; as "حسين" with his role)
    S2         تنظيم الدولة الإسلامية     الجزيرة نت (قال, neutral; as "داعش"), العربية (ادعى, allege)
    S3         وزارة الصحة العراقية       الجزيرة نت (قالت, neutral), العربية (أعلنت, neutral)
    S4         فؤاد حسين                 سكاي نيوز عربية (أوضح, neutral), reuters.com (ذكر, neutral)
"""

from __future__ import annotations

import json
from pathlib import Path

S1 = "أن بغداد لن تسمح باستخدام أراضيها منطلقاً للهجمات على دول الجوار."
S1_PLAIN = "أن بغداد لن تسمح باستخدام أراضيها منطلقا للهجمات على دول الجوار."  # no tanween
S1_REWORDED = "إن بغداد لن تسمح باستخدام أراضيها منطلقاً لأي هجمات على دول الجوار."
S2 = "هجوم الموصل استهدف تجمعاً لعناصر الأمن قرب الجسر القديم."
S3 = "حصيلة ضحايا التفجير ارتفعت إلى 12 قتيلاً و30 جريحاً."
S4 = "أن المحادثات مع واشنطن تناولت جدولة انسحاب القوات الأجنبية من البلاد."

JAZEERA_TEXT = (
    f"أكد وزير الخارجية العراقي فؤاد حسين {S1}\n"
    f"وقال تنظيم داعش في بيان إن {S2}\n"
    f"وقالت وزارة الصحة العراقية إن {S3}"
)
ARABIYA_TEXT = (
    f"زعم وزير الخارجية العراقي فؤاد حسين {S1_PLAIN}\n"
    f"وادعى تنظيم الدولة الإسلامية أن {S2}\n"
    f"وأعلنت وزارة الصحة العراقية أن {S3}"
)
SKY_TEXT = (
    f"وقال وزير الخارجية العراقي حسين في مؤتمر صحفي {S1_REWORDED}\n"
    f"وأوضح حسين {S4}"
)
REUTERS_TEXT = (
    f"وذكر فؤاد حسين {S4}\n"
    "وحذر المتحدث باسم الأمم المتحدة ستيفان دوجاريك من تدهور الأوضاع الإنسانية في غزة."
)
# The words of S1, said by someone else: no story with S1.
TRAP_TEXT = f"وقال رئيس البرلمان العراقي محمود المشهداني إن {S1[3:]}"


def page(text: str, *, title: str, site: str, url: str, day: str, charset: str) -> str:
    """A saved news page: menus and footer around the article, metadata in the head."""
    paragraphs = "\n".join(f"<p>{line}</p>" for line in text.splitlines())
    return f"""<!DOCTYPE html>
<html lang="ar" dir="rtl"><head>
<meta charset="{charset}">
<title>{title} | {site}</title>
<link rel="canonical" href="{url}">
<meta property="og:site_name" content="{site}">
<meta property="og:title" content="{title}">
<meta property="article:published_time" content="{day}T09:30:00+03:00">
</head><body>
<nav><ul><li><a href="/">الرئيسية</a></li><li><a href="/news">أخبار</a></li><li><a href="/sport">رياضة</a></li></ul></nav>
<main><article><h1>{title}</h1>
{paragraphs}
</article></main>
<footer><p>جميع الحقوق محفوظة © 2024</p></footer>
</body></html>
"""


def write_corpus(root: Path) -> Path:
    """Write the corpus under `root/corpus` and return that folder."""
    corpus = root / "corpus"
    pages = corpus / "pages"
    pages.mkdir(parents=True)
    (pages / "jazeera-0301.html").write_text(
        page(JAZEERA_TEXT, title="العراق وأمن دول الجوار", site="الجزيرة نت",
             url="https://www.aljazeera.net/news/2024/3/1/iraq", day="2024-03-01", charset="utf-8"),
        encoding="utf-8",
    )
    (pages / "arabiya-0301.html").write_bytes(
        page(ARABIYA_TEXT, title="بغداد والهجمات على دول الجوار", site="العربية",
             url="https://www.alarabiya.net/arab/2024/03/01/baghdad", day="2024-03-01",
             charset="windows-1256").encode("cp1256")
    )
    # Page assets saved with a page are not articles.
    (pages / "arabiya-0301_files").mkdir()
    (pages / "arabiya-0301_files" / "frame.htm").write_text("<p>إعلان</p>", encoding="utf-8")
    records = [
        {"id": "sky-0302", "title": "حسين: لا هجمات من أراضينا", "site": "سكاي نيوز عربية",
         "date": "2024-03-02", "text": SKY_TEXT},
        {"id": "reuters-0303", "title": "محادثات بغداد وواشنطن", "url": "https://www.reuters.com/world/iraq-0303",
         "date": "2024-03-03", "text": REUTERS_TEXT},
    ]
    (corpus / "wires.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    (corpus / "trap.txt").write_text(TRAP_TEXT + "\n", encoding="utf-8")
    return corpus
