// picomatch's matcher without its guess of the operating system: paths here always use `/`.
declare module 'picomatch/posix.js' {
  import picomatch from 'picomatch';
  export default picomatch;
}
