"""Surface forms of a reporting verb, made from its stems.

Arabic verbs inflect by suffix for person, number and gender, take و/ف and
the future س as prefixes, and carry object pronouns as suffixes. Written
news leaves out short vowels, so the passive of most verbs has the letters of
the active (أُعلن = أعلن) and needs no forms of its own.
"""

from __future__ import annotations

from attrib.arabic import ALEF_MAQSURA, SHADDA, normalize

ALEF = "\u0627"

OBJECT_PRONOUNS = ("ه", "ها", "هم", "هما", "هن")


def _with_objects(form: str) -> list[str]:
    """A form and the same form carrying an object pronoun (وصفه, اتهمها, وصفوه)."""
    if form.endswith("وا"):  # the plural's silent alef drops before a suffix: وصفوا → وصفوه
        return [form] + [form[:-1] + p for p in OBJECT_PRONOUNS]
    if form.endswith(ALEF_MAQSURA):  # نفى → نفاه
        return [form] + [form[:-1] + ALEF + p for p in OBJECT_PRONOUNS]
    return [form] + [form + p for p in OBJECT_PRONOUNS]


def perfect_forms(stem: str) -> list[str]:
    """Third-person perfect: قال قالت قالا قالتا قالوا قلن-less; نفى نفت نفيا نفوا."""
    if stem.endswith(ALEF_MAQSURA):  # defective in ى: نفى, ادعى, روى, رأى
        base = stem[:-1]
        forms = [stem, base + "ت", base + "يا", base + "تا", base + "وا"]
    elif stem.endswith(ALEF):  # defective in ا: دعا
        base = stem[:-1]
        forms = [stem, base + "ت", base + "وا", base + "تا", base + "وَا"]
    else:
        forms = [stem, stem + "ت", stem + "ا", stem + "تا", stem + "وا", stem + "ن"]
    return [f for form in forms for f in _with_objects(form)]


def first_person_plural(stem: str) -> str:
    """قلنا-less first person plural perfect: طالبنا, أكدنا; نفينا; دعونا (hollow verbs: extra)."""
    if stem.endswith(ALEF_MAQSURA):
        return stem[:-1] + "ينا"
    if stem.endswith(ALEF):
        return stem[:-1] + "ونا"
    return stem + "نا"


def imperfect_forms(stem: str) -> list[str]:
    """Third-person imperfect from the form with ي: يقول تقول يقولون يقولان; ينفي ينفون."""
    body = stem[1:] if stem.startswith("ي") else stem
    if body[-1] in "يوى":  # defective: ينفي → ينفون, يدعو → يدعون, يرى → يرون
        plural = body[:-1] + "ون"
        dual = body[:-1] + ("يان" if body[-1] in "يى" else "وان")
    else:
        plural, dual = body + "ون", body + "ان"
    forms = ["ي" + body, "ت" + body, "ي" + plural, "ي" + dual, "ت" + dual, "ي" + body + "ن"]
    return [f for form in forms for f in _with_objects(form)]


def participle_forms(stem: str) -> list[str]:
    """Adverbial forms of the active participle: مؤكداً مؤكدةً مؤكدين; never the bare noun."""
    plural = stem[:-1] if stem.endswith("ي") else stem  # داعي → داعين, not داعيين
    return [stem + s for s in ("ا", "ة", "تين", "ات", "ان", "تان")] + [plural + "ين", plural + "ون"]


def future(forms: list[str]) -> list[str]:
    """The future with س: سيعلن, ستطالب."""
    return ["س" + f for f in forms]


def damma_prefix_active(lemma: str) -> bool:
    """Verbs of forms II, III and IV take a damma on the imperfect's prefix in the active
    (يُبيّن, يُناشد, يُعلن, سيُؤكد), so there it marks no passive: a lemma written with a
    shadda, or of four letters with an alef first (أعلن) or second (ناشد), or of three
    with an alef first (أكد, written without its shadda). A participle's مُ never does."""
    word = normalize(lemma)
    return SHADDA in lemma or (len(word) == 4 and ALEF in (word[0], word[1])) or (len(word) == 3 and word[0] == ALEF)
