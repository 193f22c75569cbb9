"""The process environment paperchat sets before the libraries it uses load."""

import os
import subprocess
import sys

from ingest.offline import OFFLINE_ENV, OPENMP_SPIN, TORCH_THREADS


def test_openmp_is_set_up_before_torch_loads_it() -> None:
    """llama.cpp's threads share torch's GNU OpenMP in one process, which reads GOMP_SPINCOUNT once, when torch
    loads it, and torch reads its thread count then: importing paperchat must set both first."""
    env = {name: value for name, value in os.environ.items() if name not in OFFLINE_ENV}
    code = ("import os, sys\nimport assistant.api\nimport torch\n"
            "order = list(sys.modules)\n"
            "print(os.environ.get('GOMP_SPINCOUNT'), order.index('ingest.offline') < min(order.index('torch'), "
            "order.index('numpy')), torch.get_num_threads())")
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120,
                            check=True)
    assert result.stdout.split() == [OPENMP_SPIN, "True", TORCH_THREADS]
