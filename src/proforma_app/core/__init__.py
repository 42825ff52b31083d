"""The domain: form definitions, field kinds, answers, rules, validation, the reference list,
the catalogue of shipped forms, the words officers read, and the draft itself."""
