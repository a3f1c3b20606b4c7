namespace Hbd.Server.Metrics;

/// <summary>The process and its garbage collector, under the names Prometheus's client libraries give them.</summary>
internal static class RuntimeMetrics
{
    public static void Write(PrometheusTextWriter w)
    {
        w.Family("process_resident_memory_bytes", "gauge", "Resident memory of the hbd process.");
        w.Sample("process_resident_memory_bytes", Environment.WorkingSet);
        w.Family("process_cpu_seconds_total", "counter", "CPU time of the hbd process, user and system.");
        w.Sample("process_cpu_seconds_total", Environment.CpuUsage.TotalTime.TotalSeconds);
        w.Family("dotnet_gc_heap_size_bytes", "gauge", "Size of the managed heap after the latest collection.");
        w.Sample("dotnet_gc_heap_size_bytes", GC.GetGCMemoryInfo().HeapSizeBytes);
        w.Family("dotnet_gc_allocated_bytes_total", "counter", "Bytes allocated on the managed heap since start.");
        w.Sample("dotnet_gc_allocated_bytes_total", GC.GetTotalAllocatedBytes(precise: false));
        w.Family("dotnet_gc_collections_total", "counter", "Garbage collections since start, by generation.");
        for (var generation = 0; generation <= GC.MaxGeneration; generation++)
            w.Sample("dotnet_gc_collections_total", [new Label("generation", Generations[generation])], GC.CollectionCount(generation));
    }

    private static readonly string[] Generations = ["0", "1", "2", "3", "4"];
}
