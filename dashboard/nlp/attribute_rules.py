"""spaCy's attribute ruler matched per combination of the token attributes its rules test.

The English pipeline's attribute ruler (its tag map and morphology rules: part of speech,
morphology and some lemmas from the fine-grained tag, the word and the dependency) has 179 rules;
spaCy's matcher tries every rule at every token, through Python-level predicates for the ``IN`` /
``NOT_IN`` / ``REGEX`` tests, and that made the ruler about a sixth of the whole parse.
:class:`MemoisedRuleMatches` gives the same matches at a fraction of the cost; see there.
"""

from __future__ import annotations

import math
import re

import numpy


class MemoisedRuleMatches:
    """``AttributeRuler.match`` with each token's rule tests remembered per combination of the
    attribute values they read: the same matches, each combination run through spaCy's own
    matcher once per process.

    Every token test of a rule (each token of a fixed-length pattern: a value, ``IN`` / ``NOT_IN``
    a list, or ``REGEX``, on ``ORTH``, ``LOWER``, ``NORM``, ``TAG``, ``DEP`` or ``IS_SPACE``)
    depends only on those attributes of that token. Per attribute, a value no test names behaves
    like any other unnamed value with the same ``REGEX`` outcomes, so a token's combination is
    (per attribute) which named value it has, if any, and its ``REGEX`` outcomes. The first token
    with a combination is matched alone (a one-token span) by a spaCy matcher holding every test as
    a one-token pattern, and the tests it passes are reused for every later token with that
    combination. A pattern matches at a token when each of its tests passes at its place, as
    spaCy's matcher reads a pattern without operators. Rules with operators or other tests go
    through a spaCy matcher over the whole doc, as before. Each rule's span is kept once (as spaCy's
    matcher keeps it) and the matches sorted as ``AttributeRuler.match`` sorts them, so
    ``set_annotations`` applies the same attributes in the same order.

    Parameters
    ----------
    ruler : spacy.pipeline.AttributeRuler
        The loaded ruler, its rules added (read once here: rules added later are not seen).
    """

    #: token attributes whose tests can be remembered; ``REGEX`` only on the string-valued ones
    ATTRIBUTES = ("ORTH", "LOWER", "NORM", "TAG", "DEP", "IS_SPACE")
    STRING_ATTRIBUTES = ("ORTH", "LOWER", "NORM", "TAG", "DEP")

    def __init__(self, ruler):
        from spacy.attrs import IDS
        from spacy.matcher import Matcher

        self.strings = ruler.vocab.strings
        self.tests, self.rest = Matcher(ruler.vocab), Matcher(ruler.vocab)
        self.patterns: list[tuple[int, int, list[int]]] = []  # (rule, match id, test per token)
        named: dict[str, set[int]] = {}
        regexes: dict[str, set[str]] = {}
        n_tests = 0
        for rule in range(len(ruler.attrs)):
            key = str(rule)
            for pattern in ruler.matcher.get(key)[1]:
                reads = [self._reads(token) for token in pattern]
                if any(r is None for r in reads):
                    self.rest.add(key, [pattern])
                    continue
                for k, (token, (values, patterns)) in enumerate(zip(pattern, reads)):
                    self.tests.add(f"newsdash-rule-test-{n_tests + k}", [[token]])
                    for name, vs in values.items():
                        named.setdefault(name, set()).update(self.strings.add(v) if isinstance(v, str) else int(v) for v in vs)
                    for name, rs in patterns.items():
                        regexes.setdefault(name, set()).update(rs)
                self.patterns.append((rule, self.strings[key], list(range(n_tests, n_tests + len(pattern)))))
                n_tests += len(pattern)
        self.test_of = {self.strings[f"newsdash-rule-test-{t}"]: t for t in range(n_tests)}
        self.n_tests = n_tests
        self.names = sorted(set(named) | set(regexes))
        self.attr_ids = [IDS[n] for n in self.names]
        self.named = [numpy.array(sorted(named.get(n, ())), dtype="uint64") for n in self.names]
        self.regexes = [[re.compile(r) for r in sorted(regexes.get(n, ()))] for n in self.names]
        self.regex_bits: list[dict[int, int]] = [{} for _ in self.names]
        self.memo: dict[tuple, numpy.ndarray] = {}
        sizes = [(len(named) + 1) << len(regexes) for named, regexes in zip(self.named, self.regexes)]
        self.radixes = [math.prod(sizes[:j]) for j in range(len(sizes))] if math.prod(sizes) < 2**62 else None
        self.single_tests = [tests[0] for _, _, tests in self.patterns if len(tests) == 1]
        self.single_rules = [(rule, m_id) for rule, m_id, tests in self.patterns if len(tests) == 1]
        self.longer = [p for p in self.patterns if len(p[2]) > 1]

    @classmethod
    def _reads(cls, token: dict) -> tuple[dict[str, list], dict[str, list[str]]] | None:
        """The values (per attribute) and regular expressions (per string attribute) that one token of a
        pattern tests, or None if it has an operator or a test not remembered."""
        values: dict[str, list] = {}
        patterns: dict[str, list[str]] = {}
        for name, value in token.items():
            name = name.upper()
            if name not in cls.ATTRIBUTES:
                return None
            if isinstance(value, dict):
                if set(value) <= {"IN", "NOT_IN"} and all(isinstance(v, list) for v in value.values()):
                    values[name] = [v for vs in value.values() for v in vs]
                elif set(value) == {"REGEX"} and name in cls.STRING_ATTRIBUTES and isinstance(value["REGEX"], str):
                    patterns[name] = [value["REGEX"]]
                else:
                    return None
            elif isinstance(value, (str, bool, int)):
                values[name] = [value]
            else:
                return None
        return values, patterns

    def _codes(self, column: numpy.ndarray, j: int) -> numpy.ndarray:
        """Per token, which named value of attribute ``j`` it has (0: none, else 1 + its place) and
        the outcomes of that attribute's regular expressions: ``place + (named + 1) * outcome bits``."""
        named = self.named[j]
        codes = numpy.where(numpy.isin(column, named), numpy.searchsorted(named, column) + 1, 0).astype("int64")
        if self.regexes[j]:
            values, where = numpy.unique(column, return_inverse=True)
            bits, memo = [], self.regex_bits[j]
            for v in values.tolist():
                b = memo.get(v)
                if b is None:
                    text = self.strings[v]
                    b = memo[v] = sum(1 << k for k, r in enumerate(self.regexes[j]) if r.search(text))
                bits.append(b)
            codes += (len(named) + 1) * numpy.array(bits, dtype="int64")[where.reshape(-1)]
        return codes

    def _combinations(self, doc) -> tuple[list[tuple], list[int], numpy.ndarray]:
        """The distinct combinations of ``doc``'s tokens (codes per attribute), the first token with
        each, and each token's combination (index into the first two)."""
        n = len(doc)
        values = doc.to_array(self.attr_ids).reshape(n, -1).astype("uint64")
        columns = [self._codes(values[:, j], j) for j in range(len(self.names))]
        if self.radixes is None:  # too many combinations for one integer each: rows compared
            _, first, which = numpy.unique(numpy.stack(columns, axis=1), axis=0, return_index=True, return_inverse=True)
        else:
            key = sum(column * radix for column, radix in zip(columns, self.radixes))
            _, first, which = numpy.unique(key, return_index=True, return_inverse=True)
        combos = list(zip(*(c[first].tolist() for c in columns)))
        return combos, first.tolist(), which.reshape(-1)

    def __call__(self, doc) -> list[tuple[int, int, int, int]]:
        """``(rule index, match id, start, end)`` of every rule matching ``doc``, sorted, as
        ``AttributeRuler.match`` returns them."""
        strings = self.strings
        matches = [(int(strings[m_id]), m_id, s, e) for m_id, s, e in self.rest(doc, allow_missing=True)] \
            if len(self.rest) else []
        n = len(doc)
        if n and self.patterns:
            combos, first, which = self._combinations(doc)
            passed = numpy.zeros((len(combos), self.n_tests), dtype=bool)
            for c, (combo, i) in enumerate(zip(combos, first)):
                hit = self.memo.get(combo)
                if hit is None:
                    hit = self.memo[combo] = numpy.zeros(self.n_tests, dtype=bool)
                    hit[[self.test_of[m_id] for m_id, _, _ in self.tests(doc[i:i + 1], allow_missing=True)]] = True
                passed[c] = hit
            passed = passed[which]  # tokens x tests
            tokens, singles = numpy.nonzero(passed[:, self.single_tests])
            rules = self.single_rules
            matches.extend((rules[k][0], rules[k][1], s, s + 1) for s, k in zip(tokens.tolist(), singles.tolist()))
            for rule, m_id, tests in self.longer:
                length = len(tests)
                if length > n:
                    continue
                ok = passed[: n - length + 1, tests[0]]
                for k in range(1, length):
                    ok = ok & passed[k: n - length + 1 + k, tests[k]]
                matches.extend((rule, m_id, s, s + length) for s in numpy.flatnonzero(ok).tolist())
        return sorted(set(matches))  # spaCy's matcher gives a rule's span once, however many alternatives match
