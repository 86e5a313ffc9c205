"""Reference values for test/stats/*.test.ts (the formulas of src/stats/).

Run: python3 test/stats/reference/stats.py > test/stats/reference/stats.json
Made with numpy 2.4.6 and scipy 1.17.1 (Debian python3 packages).
"""
import json
import math

import numpy as np
from scipy.special import expit, log_expit
from scipy.stats import binomtest

x = [-800.0, -40.0, -2.5, -0.1, 0.0, 1e-9, 0.7, 3.0, 25.0, 40.0, 800.0]
logistic = [
    {'x': v, 'sigmoid': float(expit(v)), 'softplus': float(np.logaddexp(0.0, v)), 'logSigmoid': float(log_expit(v))}
    for v in x
]

samples = {
    'seven': [0.1, 0.7, 0.2, 1.5, 3.3, 2.2, 0.9],
    'ties': [3, 6, 7, 8, 8, 9, 10, 13, 15, 16, 20],
    'two': [5, 10],
    'one': [42],
}
ps = [0, 0.05, 0.1, 0.25, 1 / 3, 0.5, 0.8, 0.95, 0.999, 1]
quantiles = [
    {'name': name, 'values': values, 'p': p, 'quantile': float(np.quantile(np.array(values, dtype=float), p))}
    for name, values in samples.items() for p in ps
]

wilson = []
for k, n in [(0, 1), (1, 2), (3, 10), (10, 100), (0, 50), (50, 50), (123, 4567)]:
    ci = binomtest(k, n).proportion_ci(confidence_level=0.95, method='wilson')
    wilson.append({'successes': k, 'trials': n, 'low': float(ci.low), 'high': float(ci.high)})

# decayed sums: value, d/dlog h and d²/dlog h² of sum 2^(-a/h), by numpy on the closed forms
decay = []
ages = np.array([0.0, 0.5, 3.0, 7.0, 30.0, 365.0])
for h in [1.0, 7.0, 30.0, 365.0]:
    u = math.log(2) / h * ages
    w = np.exp(-u)
    decay.append({'halfLifeDays': h, 'ages': ages.tolist(), 'value': float(w.sum()), 'dLogH': float((w * u).sum()), 'd2LogH': float((w * (u * u - u)).sum())})

print(json.dumps({
    'source': 'numpy 2.4.6 (np.quantile method linear, np.logaddexp), scipy 1.17.1 (expit, log_expit, binomtest(...).proportion_ci(0.95, "wilson"))',
    'logistic': logistic, 'quantiles': quantiles, 'wilson': wilson, 'decay': decay,
}, indent=1))
