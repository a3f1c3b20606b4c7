namespace Hbd.Client.Checks;

/// <summary>
/// Runs the checks beside the beat loop: each on its own timer (or, with a zero interval, at every beat), never two runs
/// of one check at once, at most <c>maxParallel</c> runs in all. Keeps each check's latest outcome, so a beat only reads
/// results and never waits for a check.
/// </summary>
internal sealed class CheckScheduler : IDisposable
{
    /// <summary>How long <see cref="Dispose"/> waits for runs to be stopped (their process trees killed).</summary>
    private static readonly TimeSpan StopWait = TimeSpan.FromSeconds(3);

    private readonly Func<CheckDefinition, CancellationToken, Task<CheckOutcome>> _run;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _slots;
    private readonly int _maxParallel;
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationToken _stoppingToken; // kept: a disposed source no longer hands out its token
    private readonly Scheduled[] _checks;
    private readonly Lock _lock = new();
    private bool _started;

    public CheckScheduler(IReadOnlyList<CheckDefinition> checks, int maxParallel, TimeProvider time,
        Func<CheckDefinition, CancellationToken, Task<CheckOutcome>> run)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxParallel, 1);
        _checks = checks.Select(check => new Scheduled(check)).ToArray();
        _slots = new SemaphoreSlim(maxParallel, maxParallel);
        _maxParallel = maxParallel;
        _time = time;
        _run = run;
        _stoppingToken = _stopping.Token;
    }

    /// <summary>The checks in configuration order with their latest outcome, null until the first run has finished.</summary>
    public IReadOnlyList<(CheckDefinition Check, CheckOutcome? Latest)> Results =>
        _checks.Select(entry => (entry.Check, Volatile.Read(ref entry.Latest))).ToList();

    /// <summary>
    /// Waits until every check has a first result, or the longest check timeout (plus a second for the kill)
    /// has passed. For one-shot runs (--once, --print), which would otherwise show checks as pending.
    /// </summary>
    public bool WaitForFirstResults()
    {
        // Checks queue behind max_parallel: allow each wave its longest timeout, and a few seconds for kills.
        var waves = (_checks.Length + _maxParallel - 1) / _maxParallel;
        var limit = _checks.Length == 0 ? TimeSpan.Zero : _checks.Max(entry => entry.Check.Timeout) * waves + TimeSpan.FromSeconds(3);
        return SpinWait.SpinUntil(() => _checks.All(entry => Volatile.Read(ref entry.Latest) is not null), limit);
    }

    /// <summary>Starts the timers: every check with an interval runs now and then once per interval. Idempotent.</summary>
    public void Start()
    {
        lock (_lock)
        {
            if (_started || _stopping.IsCancellationRequested)
                return;
            _started = true;
            // Whoever owns us may never dispose us; checks must not outlive the agent all the same.
            AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
            foreach (var entry in _checks)
            {
                if (entry.Check.Interval > TimeSpan.Zero)
                    entry.Timer = _time.CreateTimer(_ => Trigger(entry), null, TimeSpan.Zero, entry.Check.Interval);
            }
        }
    }

    /// <summary>Starts a run of every check without an interval that is not running already; returns at once.</summary>
    public void OnBeat()
    {
        foreach (var entry in _checks)
        {
            if (entry.Check.Interval == TimeSpan.Zero)
                Trigger(entry);
        }
    }

    /// <summary>
    /// Stops the timers and the runs in progress (their process trees are killed), waiting a little for them. Runs at
    /// process exit too, once started.
    /// </summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_stopping.IsCancellationRequested)
                return;
            _stopping.Cancel();
            foreach (var entry in _checks)
                entry.Timer?.Dispose();
            if (_started)
                AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        }
        var running = _checks.Select(entry => entry.Run).OfType<Task>().ToArray();
        try
        {
            Task.WaitAll(running, StopWait);
        }
        catch (AggregateException)
        {
            // a run that failed while stopping has nothing left to report
        }
        _stopping.Dispose();
    }

    private void OnProcessExit(object? sender, EventArgs e) => Dispose();

    private void Trigger(Scheduled entry)
    {
        lock (entry.Gate)
        {
            if (_stoppingToken.IsCancellationRequested || entry.Busy)
                return;
            entry.Busy = true;
        }
        // Task.Run: the caller is a timer or the beat, and starting a process must hold up neither.
        entry.Run = Task.Run(() => RunAsync(entry));
    }

    private async Task RunAsync(Scheduled entry)
    {
        var stopping = _stoppingToken;
        CheckOutcome? outcome = null;
        try
        {
            await _slots.WaitAsync(stopping).ConfigureAwait(false);
            try
            {
                outcome = await _run(entry.Check, stopping).ConfigureAwait(false);
            }
            finally
            {
                _slots.Release();
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            outcome = CheckOutcome.NotRun($"check failed: {e.Message}", _time.GetUtcNow());
        }
        finally
        {
            // Under the gate, so whoever sees the new outcome and triggers again finds the check free.
            lock (entry.Gate)
            {
                if (outcome is not null && !stopping.IsCancellationRequested)
                    Volatile.Write(ref entry.Latest, outcome);
                entry.Busy = false;
            }
        }
    }

    /// <summary>One check's schedule, whether it is running and its latest outcome.</summary>
    private sealed class Scheduled(CheckDefinition check)
    {
        public CheckDefinition Check { get; } = check;
        public ITimer? Timer { get; set; }
        public Task? Run { get; set; }

        public Lock Gate { get; } = new();
        public bool Busy { get; set; } // under Gate

#pragma warning disable CA1051 // a field on purpose: Volatile needs one
        public CheckOutcome? Latest;
#pragma warning restore CA1051
    }
}
