namespace Suyuan.Features.Equipment;

/// <summary>A view's state read from its table once, by the first caller that needs it; callers arriving meanwhile wait for that load.</summary>
internal sealed class LoadOnce
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile bool _done;

    /// <summary>True once loaded: a hot path tests it and skips the await.</summary>
    public bool Done => _done;

    /// <summary>
    /// Runs a batch that changes the loaded state in memory before storing it. When it fails, the state is forgotten
    /// (<paramref name="clear"/> empties it) and loaded again on next use, so the retry applies the batch again instead of
    /// skipping, as already seen, what was never stored.
    /// </summary>
    public async Task ApplyAsync(Func<Task> batch, Action clear)
    {
        try
        {
            await batch();
        }
        catch
        {
            await ResetAsync(clear);
            throw;
        }
    }

    private async Task ResetAsync(Action clear)
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
