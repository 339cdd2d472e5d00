namespace Suyuan.Features.Equipment;

/// <summary>A view's state read from its table once, by the first caller that needs it; callers arriving meanwhile wait for that load.</summary>
internal sealed class LoadOnce
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile bool _done;

    /// <summary>True once loaded: a hot path tests it and skips the await.</summary>
    public bool Done => _done;

    /// <summary>
    /// Forgets what was loaded (<paramref name="clear"/> empties the caller's state), so the next use loads it again: for a
    /// view whose batch changed its state in memory and then failed to store it.
    /// </summary>
    public async Task ResetAsync(Action clear)
    {
        await _gate.WaitAsync();
        try
        {
            _done = false;
            clear();
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task EnsureAsync(Func<CancellationToken, Task> load, CancellationToken ct)
    {
        if (_done)
        {
            return;
        }
        await _gate.WaitAsync(ct);
        try
        {
            if (!_done)
            {
                await load(ct);
                _done = true;
            }
        }
        finally
        {
            _gate.Release();
        }
    }
}
