namespace Suyuan.Tests;

/// <summary>Locates the published GS1 corpus in place (../shared/corpus beside the checkout); a missing corpus fails loudly.</summary>
public static class Corpus
{
    private static readonly Lazy<string> RootPath = new(Locate);

    public static string Root => RootPath.Value;

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    public static IEnumerable<string> Files(string folder, string pattern, SearchOption option = SearchOption.AllDirectories)
    {
        var files = Directory.GetFiles(PathOf(folder), pattern, option).Order(StringComparer.Ordinal).ToArray();
        if (files.Length == 0)
        {
            throw new InvalidOperationException($"The corpus folder '{PathOf(folder)}' holds no '{pattern}' files.");
        }
        return files;
    }

    private static string Locate()
    {
        var env = Environment.GetEnvironmentVariable("SUYUAN_CORPUS");
        if (!string.IsNullOrEmpty(env))
        {
            return Directory.Exists(env) ? env : throw new DirectoryNotFoundException($"SUYUAN_CORPUS='{env}' does not exist.");
        }
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Suyuan.slnx")))
            {
                var corpus = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "corpus"));
                return Directory.Exists(corpus)
                    ? corpus
                    : throw new DirectoryNotFoundException($"The GS1 corpus is missing: expected it at '{corpus}' (../shared/corpus beside the checkout), or set SUYUAN_CORPUS.");
            }
        }
        throw new DirectoryNotFoundException("Could not find the checkout root (Suyuan.slnx) above the test binaries.");
    }
}
