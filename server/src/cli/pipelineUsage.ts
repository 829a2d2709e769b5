// Kept apart from cli/pipeline.ts so that `archipel --help` and the language server never load the pipeline engine.

export const pipelineUsage = `  status [PIPELINE]    What is stale in a pipeline (dvc.yaml; default: ./dvc.yaml) and why, per stage.
      --format text|json         Output format (default: text).
  run [STAGE...]       Run the stale stages of a pipeline (DVC's dvc.yaml and dvc.lock), in parallel where
                       the DAG allows. STAGE: a stage name, PIPELINE:STAGE, or a pipeline file or folder.
      --downstream               Also the stages downstream of the named ones (default: upstream).
      -s, --single-item          Only the named stages, none upstream (DVC's repro -s).
      --force                    Run the stages even when up to date.
      --dry                      Say what would run; run nothing.
      --jobs N                   Stages at once (default: the number of cores).
      --wait SECONDS             Wait up to SECONDS for another run of the folder to end (default: 3).
      --break-lock               Take over a run lock naming another host (else taken over once 24 h old).
      --log-max BYTES            Cap of each stage's log in .archipel/logs/ (default: 33554432; head and tail kept).
      --format text|json         Output format (default: text: each stage's output prefixed with its name;
                                 each stage's whole output is also in .archipel/logs/).
  dag [PIPELINE]       The pipeline's stages and their dependencies.
      --format mermaid|json      Output format (default: mermaid).
  export argo [PIPELINE] --image IMAGE   An Argo Workflows Workflow running the pipeline on a cluster.
      --out FILE                 Write to FILE (default: standard output).
      --force                    Replace an existing FILE.
      --shard STAGE=N            Split an archipel blur/predict stage's inputs over N pods; repeatable.
      --sweep [FILE:]KEY=V1,V2…  One branch per value, run in parallel; several make a grid (as exp run -S).
  export github [PIPELINE]      A GitHub Actions workflow running the stages in dependency order.
      --out FILE                 Write to FILE (default: standard output).
      --force                    Replace an existing FILE.
      --force                    Replace FILE if it exists.`;
