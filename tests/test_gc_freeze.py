"""The run's first step moves the long-lived objects out of the cyclic collector's walks
(pipeline/tables_io.py `freeze_long_lived`), once per process."""
import subprocess
import sys
import textwrap


def _run(code: str) -> str:
    proc = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout.strip()


def test_freezes_once_per_process_and_collects_garbage_first():
    out = _run("""
        import gc
        from pipeline.tables_io import freeze_long_lived

        class Node:
            pass

        a, b = Node(), Node()
        a.other, b.other = b, a          # a cycle: garbage once the names go
        del a, b
        before = gc.get_freeze_count()
        first = freeze_long_lived()
        frozen = gc.get_freeze_count()
        second = freeze_long_lived()
        print(first, second, before == 0, frozen > 1000, gc.get_freeze_count() == frozen,
              not any(type(o).__name__ == "Node" for o in gc.get_objects()))
    """)
    # froze the first time only; thousands of objects (the imports) frozen; the cycle
    # made before was collected, not frozen for ever
    assert out == "True False True True True True", out


def test_an_in_process_run_freezes_its_process(tmp_path):
    out = _run(f"""
        import gc
        import dagster as dg
        from pipeline.defs.ingest import ingest
        from pipeline.settings import PipelineSettings
        from pipeline.tables_io import StepTablesIOManager

        raw = {str(tmp_path)!r} + "/raw"
        import os; os.makedirs(raw)
        settings = PipelineSettings(raw_dir=raw, output_dir={str(tmp_path)!r} + "/out",
                                    cache_dir={str(tmp_path)!r} + "/cache")
        before = gc.get_freeze_count()
        result = dg.materialize([ingest], resources={{"settings": settings, "run_lock": None,
                                 "io_manager": StepTablesIOManager(base_path={str(tmp_path)!r} + "/steps")}},
                                raise_on_error=False)
        print(result.success, before == 0, gc.get_freeze_count() > 0)
    """)
    assert out.endswith("True True True"), out


def test_a_block_that_built_many_objects_leaves_them_out_of_later_walks():
    out = _run("""
        import gc
        from pipeline.tables_io import FREEZE_AFTER, paused_gc

        with paused_gc():
            small = [[i] for i in range(100)]  # noqa: F841
        after_small = gc.get_freeze_count()
        with paused_gc():
            rows = [[i] for i in range(2 * FREEZE_AFTER)]  # noqa: F841
        after_big = gc.get_freeze_count()
        probe = [[0]]                      # allocated after the block: not frozen
        print(after_small == 0, after_big >= 2 * FREEZE_AFTER, gc.isenabled(),
              gc.is_tracked(probe) and gc.get_freeze_count() == after_big)
    """)
    # the small block froze nothing; the big one froze what it built; the collector is on
    assert out == "True True True True", out
