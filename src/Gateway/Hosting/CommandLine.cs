namespace PrivateDomain.Gateway.Hosting;

/// <summary>Friendly switches on top of .NET configuration arguments.</summary>
public static class CommandLine
{
    /// <summary>"--demo" alone means "--Demo:Enabled=true"; "--data DIR" sets the data folder.</summary>
    public static string[] Normalise(string[] args)
    {
        var result = new List<string>(args.Length);
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--demo") result.Add("--Demo:Enabled=true");
            else if (args[i] == "--data" && i + 1 < args.Length) result.Add($"--Storage:DataDirectory={args[++i]}");
            else result.Add(args[i]);
        }
        return [.. result];
    }
}
