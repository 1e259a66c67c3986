namespace Wirecase.Cli.Tests;

/// <summary>The lab's committed captures (lab/fixtures), found above the test binary.</summary>
internal static class LabFixtures
{
    public static string Root { get; } = Find();

    public static string Path(string scenario, string file) => System.IO.Path.Combine(Root, scenario, file);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = System.IO.Path.Combine(dir.FullName, "lab", "fixtures");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException("lab/fixtures not found above " + AppContext.BaseDirectory);
    }
}
