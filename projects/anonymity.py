"""The smallest group whose survey outcomes are shown (k = 5).

Defined once, here in projects, so that both sides read the same number: `surveys.anonymity`
enforces it on every figure (surveys imports projects, never the other way round), and every
text that tells people the rule (the privacy page, the export's README, the survey, the results
pages and reports) takes it from here, through the `min_group` template tag where it is a template.
"""

MIN_GROUP = 5
