namespace Suyuan.Features.Demo;

/// <summary>The console view of <c>suyuan demo</c>: a redrawn bar on a terminal, one plain line every few seconds otherwise.</summary>
internal sealed class DemoProgressBar(TextWriter output, bool interactive) : IProgress<DemoProgress>
{
    private const int Width = 30;
    private DateTime _lastPlain = DateTime.MinValue;

    public static DemoProgressBar ForConsole() => new(Console.Out, !Console.IsOutputRedirected);

    public void Report(DemoProgress p)
    {
        var fraction = p.Total > 0 ? Math.Min(1.0, p.Stored / (double)p.Total) : 0;
        var eta = p.Remaining is { } left ? $"ETA {Format(left)}" : "";
        var text = $"{fraction * 100,5:0.0}%  {p.Stored:N0}/{p.Total:N0} events  {p.EventsPerSecond:N0} events/s  {eta}";
        if (interactive)
        {
            var filled = (int)(fraction * Width);
            output.Write($"\r[{new string('#', filled)}{new string('.', Width - filled)}] {text}   ");
        }
        else if (DateTime.UtcNow - _lastPlain >= TimeSpan.FromSeconds(2) || p.Stored >= p.Total)
        {
            _lastPlain = DateTime.UtcNow;
            output.WriteLine(text.TrimEnd());
        }
    }

    /// <summary>Ends the bar's line so that what follows starts on its own.</summary>
    public void Finish()
    {
        if (interactive)
        {
            output.WriteLine();
        }
    }

    private static string Format(TimeSpan t) => t.TotalHours >= 1 ? $"{(int)t.TotalHours}h{t.Minutes:D2}m" : $"{t.Minutes}m{t.Seconds:D2}s";
}
