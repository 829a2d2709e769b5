// Kept apart from cli/continuity.ts so that `archipel --help` and `archipel check` load none of the analysis.

export const continuityUsage = `  continuity [PATH...]           Continuity and resilience (PRA/PCA) derived from the files that deploy the system: single
                                 points of failure, backups, the RPO and RTO archipel.yaml's continuity section asks
                                 against what the backups achieve (default PATH: .).
      --format text|json|markdown|sarif
                                 Output format (default: text). json: {"components":[{"id","name","tier","rpo":{"asked",
                                 "achievable"},"rto":{"asked","risks"},"spofs":[{"rule","file","line","message"}],
                                 "backups":[{"kind","file","line","interval"}]}],"gaps":[{"rule","component","file","line",
                                 "message"}]}; markdown: the PRA/PCA report with Resilience Hub's disruption grid. Ids and
                                 files are relative to the repository.`;
