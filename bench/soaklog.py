"""What bench/batch-times.py and bench/probe-times.py share: the runner's log times and percentiles."""


def seconds(clock):
    """A log line's HH:MM:SS.mmm as seconds since midnight."""
    hours, minutes, rest = clock.split(':')
    return int(hours) * 3600 + int(minutes) * 60 + float(rest)


def percentile(values, p):
    """The p-th percentile of values (nearest rank), 0 for none."""
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p / 100))] if values else 0
