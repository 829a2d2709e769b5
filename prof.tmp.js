const fs=require('fs');
const {WorkspaceIndex}=require('./out/server/src/workspace/index');
const {indexOptions,diagnoseFile}=require('./out/server/src/service');
const {defaultSettings}=require('./out/server/src/settings');
const {createFeatures}=require('./out/server/src/features/registry');
const {loadFeatureDependencies}=require('./out/server/src/node/resources');
const text=fs.readFileSync('bench/.data/k8s-500.yaml','utf8');
let t=performance.now();
const features=createFeatures(loadFeatureDependencies());
console.log('load',(performance.now()-t).toFixed(1));
const index=new WorkspaceIndex(indexOptions(defaultSettings));
const ctx={index,settings:defaultSettings,isCancelled:()=>false};
t=performance.now();
let e=index.update('file:///b.yaml',text); let d=diagnoseFile(e,features,ctx);
console.log('cold',(performance.now()-t).toFixed(1),d.length);
for(let i=0;i<5;i++){
  const edited=i%2===0?text.replace('imagePullPolicy','imagePulPolicy'):text;
  t=performance.now();
  e=index.update('file:///b.yaml',edited); const t1=performance.now(); d=diagnoseFile(e,features,ctx);
  console.log('edit update',(t1-t).toFixed(1),'diagnose',(performance.now()-t1).toFixed(1),d.length);
}
