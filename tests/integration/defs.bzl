"""root_py_test: an integration test of ours in Python.

It mounts FUSE and makes cgroups, so it needs root and /dev/fuse: it runs
outside the sandbox (local) and alone (exclusive), with the shared helpers.
"""

def root_py_test(name, size, data):
    native.py_test(
        name = name,
        size = size,
        srcs = [name + ".py"],
        data = data,
        python_version = "PY3",
        tags = [
            "exclusive",
            "local",
        ],
        deps = [":pvtest"],
    )
