using System.Xml.Linq;

namespace Wirecase.EndToEnd.Tests;

/// <summary>The pipeline flows one way: a lower stage never references a higher one (DESIGN.md).</summary>
public sealed class ArchitectureTests
{
    /// <summary>Stages from lowest to highest; stages on one rank may not reference each other.</summary>
    private static readonly string[][] Ranks =
    [
        ["Wirecase.Capture"],
        ["Wirecase.Packets"],
        ["Wirecase.Flows"],
        ["Wirecase.Protocols"],
        // Correlation matches what the flows stage rebuilt at several points; the diagnosis turns its verdicts into words.
        ["Wirecase.Correlation"],
        ["Wirecase.Diagnosis", "Wirecase.Query", "Wirecase.Index"],
        ["Wirecase.Reports"],
        ["Wirecase.Web"],
        // The composition root: `wirecase serve` starts the web UI.
        ["Wirecase.Cli"],
    ];

    private static int Rank(string project) => Array.FindIndex(Ranks, r => r.Contains(project));

    [Fact]
    public void Every_source_project_is_a_known_stage()
    {
        foreach (var dir in Directory.GetDirectories(Path.Combine(RepositoryPaths.Root, "src")))
            Assert.True(Rank(Path.GetFileName(dir)) >= 0, $"{Path.GetFileName(dir)} is not a stage listed in ArchitectureTests");
    }

    [Fact]
    public void No_stage_references_a_higher_or_sibling_stage()
    {
        var violations = new List<string>();
        foreach (var csproj in Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "src"), "*.csproj", SearchOption.AllDirectories))
        {
            string project = Path.GetFileNameWithoutExtension(csproj);
            foreach (var reference in XDocument.Load(csproj).Descendants("ProjectReference"))
            {
                string target = Path.GetFileNameWithoutExtension(reference.Attribute("Include")!.Value.Replace('\\', '/'));
                if (Rank(target) >= Rank(project)) violations.Add($"{project} → {target}");
            }
        }
        Assert.Empty(violations);
    }
}
