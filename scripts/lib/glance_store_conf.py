"""Sets up Python glance_store for the benchmark scripts, as Glance's API process does.

stores(store_type, options) writes the options (Glance's names) into a [glance_store] section of
a temporary config file, loads it with oslo.config, creates the stores with `store_type` as the
default, removes the file and returns the loaded config. It is the contract kit's peer module
(glance_store_peer.configure), so the benchmarks and the interoperability tests set glance_store
up one way.
"""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, os.pardir,
                                'glance-store-tck', 'src', 'main', 'resources', 'io', 'glancestore', 'tck'))

import glance_store_peer  # noqa: E402


def stores(store_type, options):
    return glance_store_peer.configure(store_type, options)
