"""Reference Wilson 95% intervals for test/thresholds/wilson.test.ts.

Run: python3 test/thresholds/reference/wilson.py > test/thresholds/reference/wilson.json
(scipy >= 1.7: binomtest(...).proportion_ci(method='wilson'); made with scipy 1.17.1).
"""
import json
from scipy.stats import binomtest

cases = [(10, 100), (0, 5), (5, 5), (1, 1), (17, 40), (300, 1000), (3, 7), (1, 1000)]
rows = []
for k, n in cases:
    ci = binomtest(k, n).proportion_ci(confidence_level=0.95, method='wilson')
    rows.append({'successes': k, 'trials': n, 'low': float(ci.low), 'high': float(ci.high)})
print(json.dumps({'source': 'scipy.stats.binomtest(k, n).proportion_ci(0.95, "wilson")', 'rows': rows}, indent=1))
