"""Sets up Python glance_store for the benchmark scripts, as Glance's API process does.

stores(store_type, options) writes the options (Glance's names) into a [glance_store] section of
a temporary config file, loads it with oslo.config, creates the stores with `store_type` as the
default, removes the file and returns the loaded config.
"""

import os
import tempfile


def stores(store_type, options):
    import glance_store
    from oslo_config import cfg

    with tempfile.NamedTemporaryFile('w', suffix='.conf', delete=False) as f:
        f.write('[glance_store]\nstores = %s\ndefault_store = %s\n' % (store_type, store_type))
        for key, value in options.items():
            f.write('%s = %s\n' % (key, value))
        conf_file = f.name
    try:
        conf = cfg.CONF
        glance_store.register_opts(conf)
        conf(args=[], project='glance', default_config_files=[conf_file])
        glance_store.create_stores(conf)
    finally:
        os.unlink(conf_file)
    return conf
