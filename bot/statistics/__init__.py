"""Anonymized statistics for heads, officers and the ministry: the chart drawn on the phone (:mod:`.chart`) and the
exports, all built from the suppressed :class:`bot.standard.breakdowns.Report`."""
